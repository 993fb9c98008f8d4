"""Owner records (业主档案): the people of each unit — owners, household members, tenants, contacts.

Phone numbers are masked in lists and in a record opened for editing (shown in full only through
desk.phone_reveal, which leaves a history row); an edit keeps the number unless a new one is typed.
Every change leaves a history row; nobody is deleted, a record is voided with a reason. Import takes
a sheet with Chinese or English headers, all rows or none, and refuses a file it has imported into
the site before unless asked to import it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

from sqlalchemy import or_, select

from accounts.tables import Site
from core.errors import ValidationFailed
from core.imports import ImportRefused, RowProblem, file_digest, imported_before, refuse_nul, shown
from core.roles import Actor
from core.sheets import read_sheet
from core.views import view_of
from desk.content_model import DeskContent
from desk.owners.tables import Owner, Unit
from desk.owners.units import clean_unit, get_or_create_unit
from desk.phone import clean_phone, mask_phone, phone_after_edit
from desk.record_base import RecordService, reason_text, required_text
from store.import_ledger import earlier_import, note_import


class Relation(StrEnum):
    OWNER = "owner"  # 业主
    FAMILY = "family"  # 家庭成员
    TENANT = "tenant"  # 租户
    CONTACT = "contact"  # 联系人


RELATION_NAMES = {
    "业主": Relation.OWNER,
    "家庭成员": Relation.FAMILY,
    "家属": Relation.FAMILY,
    "租户": Relation.TENANT,
    "联系人": Relation.CONTACT,
    **{r.value: r for r in Relation},
}
# What the columns hold (the owners table: name 50, phone 20; the note as the form takes it).
NAME_MAX, PHONE_MAX, NOTE_MAX = 50, 20, 500
LEDGER = "owner_records"
IMPORT_HEADERS = {
    "unit": ("unit", "房号"),
    "name": ("name", "姓名"),
    "relation": ("relation", "关系", "身份"),
    "phone": ("phone", "电话", "联系电话"),
    "note": ("note", "备注"),
}


@dataclass(frozen=True)
class ResidentRow:
    id: int
    site_id: int
    unit: str
    name: str
    relation: str
    phone: str
    note: str | None
    voided: bool
    void_reason: str | None


class OwnerRecords(RecordService[DeskContent]):
    entity = "resident"

    def residents(
        self, actor: Actor, site_id: int, query: str = "", *, include_voided: bool = False, limit: int = 300
    ) -> list[ResidentRow]:
        self._allow(actor, site_id)
        stmt = select(Owner, Unit.code).join(Unit, Unit.id == Owner.unit_id).where(Owner.site_id == site_id)
        text = (query or "").strip()
        if text:
            pattern = f"%{text.replace('%', '').replace('_', '')}%"
            stmt = stmt.where(
                or_(Unit.code.like(pattern), Owner.name.like(pattern), Owner.phone.like(pattern))
            )
        if not include_voided:
            stmt = stmt.where(Owner.voided_at.is_(None))
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(Unit.code, Owner.relation, Owner.name).limit(limit)).all()
        return [self._row(o, code, full_phone=False) for o, code in rows]

    def resident(self, actor: Actor, resident_id: int) -> ResidentRow:
        """One record, its phone masked: the full number only through PhoneReveal.resident_phone."""
        self._allow(actor)
        with self._sessions() as session:
            owner = self._visible(session, actor, Owner, resident_id)
            code = session.scalar(select(Unit.code).where(Unit.id == owner.unit_id)) or ""
        return self._row(owner, code, full_phone=False)

    def add(
        self,
        actor: Actor,
        site_id: int,
        *,
        unit: str,
        name: str,
        relation: str,
        phone: str = "",
        note: str = "",
    ) -> int:
        self._allow(actor, site_id)
        fields = self._clean(unit, name, relation, phone, note)
        now = self._clock()
        with self._sessions.begin() as session:
            unit_row = get_or_create_unit(session, site_id, fields["unit"], now)
            owner = Owner(
                site_id=site_id,
                unit_id=unit_row.id,
                name=fields["name"],
                relation=fields["relation"],
                phone=fields["phone"],
                note=fields["note"],
                created_at=now,
            )
            return self._add(
                session, actor, owner, "create", {k: [None, v] for k, v in fields.items()}, at=now
            )

    def update(
        self,
        actor: Actor,
        resident_id: int,
        *,
        name: str,
        relation: str,
        phone: str = "",
        note: str = "",
        clear_phone: bool = False,
    ) -> None:
        """Edit a record without needing its full phone: an empty phone keeps the number, a new number
        replaces it, `clear_phone` removes it; the masked number typed back is never saved."""
        self._allow(actor)
        with self._sessions.begin() as session:
            owner = self._visible(session, actor, Owner, resident_id)
            code = session.scalar(select(Unit.code).where(Unit.id == owner.unit_id)) or ""
            kept = phone_after_edit(owner.phone, phone, clear=clear_phone, field="contact_phone")
            fields = self._clean(code, name, relation, kept, note)
            before = {
                "name": owner.name,
                "relation": owner.relation,
                "phone": owner.phone,
                "note": owner.note,
            }
            after = {k: fields[k] for k in before}
            changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            if changes:
                owner.name, owner.relation = after["name"], after["relation"]
                owner.phone, owner.note = after["phone"], after["note"]
                self._record(session, actor, owner, "update", changes)

    def void(self, actor: Actor, resident_id: int, reason: str) -> None:
        """Moved out, sold, a mistake: the record stays, marked with why."""
        self._allow(actor)
        why = reason_text(reason)
        with self._sessions.begin() as session:
            owner = self._visible(session, actor, Owner, resident_id)
            if owner.voided_at is None:
                owner.voided_at, owner.void_reason = self._clock(), why
                self._record(session, actor, owner, "void", {"voided": [False, True]}, note=why)

    def import_file(
        self,
        actor: Actor,
        site_id: int,
        data: bytes,
        file_name: str,
        *,
        encoding: str | None = None,
        again: bool = False,
    ) -> int:
        """An uploaded sheet (first row: headers) -> how many records were written; all rows or none.

        Raises ImportRefused (every bad row), ValidationFailed (a file that cannot be read, or one
        imported into this site before, unless `again`)."""
        self._allow(actor, site_id)
        records = read_sheet(data, PurePath(file_name).suffix, encoding)
        if not any(records):
            raise ValidationFailed("desk.import.empty_file", field=None)
        positions = _positions(records[0])
        cleaned: list[dict[str, str]] = []
        problems: list[RowProblem] = []
        for number, record in enumerate(records[1:], start=2):
            cells = {f: _cell(record, i) for f, i in positions.items()}
            if not any(cells.values()):
                continue
            try:
                refuse_nul(cells)
                cleaned.append(
                    self._clean(
                        cells.get("unit", ""),
                        cells.get("name", ""),
                        cells.get("relation", "") or "owner",
                        cells.get("phone", ""),
                        cells.get("note", ""),
                    )
                )
            except ValidationFailed as exc:
                problems.append(RowProblem(number, exc.field, exc))
        if problems:
            raise ImportRefused(problems)
        now, digest = self._clock(), file_digest(data)
        with self._sessions.begin() as session:
            earlier = earlier_import(session, LEDGER, site_id, digest)
            if earlier is not None and not again:
                timezone = session.scalar(select(Site.timezone).where(Site.id == site_id)) or "UTC"
                raise imported_before(earlier.at, earlier.rows, timezone)
            units: dict[str, int] = {}
            for fields in cleaned:
                if fields["unit"] not in units:
                    units[fields["unit"]] = get_or_create_unit(session, site_id, fields["unit"], now).id
            owners = [
                Owner(
                    site_id=site_id,
                    unit_id=units[f["unit"]],
                    name=f["name"],
                    relation=f["relation"],
                    phone=f["phone"],
                    note=f["note"],
                    created_at=now,
                )
                for f in cleaned
            ]
            session.add_all(owners)
            session.flush()
            for owner in owners:
                self._record(session, actor, owner, "import", at=now)
            note_import(
                session, kind=LEDGER, site_id=site_id, digest=digest, file_name=file_name, rows=len(owners),
                actor_id=actor.user_id, at=now, again=earlier is not None,
            )  # fmt: skip
        return len(owners)

    @staticmethod
    def _clean(unit: str, name: str, relation: str, phone: str, note: str) -> dict[str, str]:
        relation_value = RELATION_NAMES.get((relation or "").strip()) or RELATION_NAMES.get(
            (relation or "").strip().lower()
        )
        if relation_value is None:
            raise ValidationFailed("desk.error.choice_invalid", field="relation", value=shown(relation))
        if len(phone or "") > PHONE_MAX:
            raise ValidationFailed("error.too_long", field="contact_phone", max=PHONE_MAX)
        note_text = (note or "").strip()
        if len(note_text) > NOTE_MAX:
            raise ValidationFailed("error.too_long", field="note", max=NOTE_MAX)
        return {
            "unit": clean_unit(unit),
            "name": required_text(name, "contact_name", "desk.error.contact_name_required", NAME_MAX),
            "relation": relation_value.value,
            "phone": clean_phone(phone, field="contact_phone", required=False),
            "note": note_text or None,  # type: ignore[dict-item]
        }

    @staticmethod
    def _row(owner: Owner, code: str, *, full_phone: bool) -> ResidentRow:
        return view_of(
            ResidentRow,
            owner,
            unit=code,
            phone=owner.phone if full_phone else mask_phone(owner.phone) if owner.phone else "",
            voided=owner.voided_at is not None,
        )


def _positions(header: list[object]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = str(raw or "").strip().lower()
        if not name:
            continue
        field = next((f for f, names in IMPORT_HEADERS.items() if name in names), None)
        if field is None:
            raise ValidationFailed("desk.import.unknown_column", field=None, column=shown(raw))
        positions[field] = index
    missing = [f for f in ("unit", "name") if f not in positions]
    if missing:
        raise ValidationFailed("desk.import.missing_columns", field=None, columns=", ".join(missing))
    return positions


def _cell(record: list[object], index: int) -> str:
    value = record[index] if index < len(record) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()
