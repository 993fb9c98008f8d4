"""Shapes of desk/content/movein.yaml and special_services.yaml, and the frozen values built from them.

Pure: no yaml, no I/O (desk/renovation_content_loader.py reads the files).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from desk.content_model import Key, Name

Price = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Frozen):
    """A move-in checklist item or a document handed over (收房交接)."""

    id: Key
    zh: Name
    en: Name
    required: bool = True


class MoveInFile(_Frozen):
    items: tuple[Entry, ...] = Field(min_length=1)
    documents: tuple[Entry, ...] = Field(min_length=1)


class ServiceType(_Frozen):
    """A special service (特约服务) the desk takes orders for, with its default price."""

    id: Key
    zh: Name
    en: Name
    price: Price | None = None  # None: quoted for each job
    unit_zh: Name  # what the price is per, e.g. 小时
    unit_en: Name

    @field_validator("price", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        # YAML reads 0.1 as a binary float: a price must be written as text ("88.00") or a whole number.
        if isinstance(value, float):
            raise PydanticCustomError(
                "price_not_text", 'write the price in quotes, e.g. "{value}"', {"value": f"{value:.2f}"}
            )
        return value


class SpecialServicesFile(_Frozen):
    services: tuple[ServiceType, ...] = Field(min_length=1)


@dataclass(frozen=True)
class RegistersContent:
    movein: MoveInFile
    services: tuple[ServiceType, ...]

    def service(self, service_id: str) -> ServiceType | None:
        return next((s for s in self.services if s.id == service_id), None)

    def entry(self, kind: str, code: str) -> Entry | None:
        entries = self.movein.items if kind == "item" else self.movein.documents
        return next((e for e in entries if e.id == code), None)

    @staticmethod
    def name(item: Entry | ServiceType, lang: str) -> str:
        return item.en if lang == "en" else item.zh

    @staticmethod
    def price_unit(service: ServiceType, lang: str) -> str:
        return service.unit_en if lang == "en" else service.unit_zh
