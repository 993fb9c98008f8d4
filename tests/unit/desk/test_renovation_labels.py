"""Every state, step, payment method and refused field of the move-in, renovation, pass and special-service
registers has its label in both languages (the pages build these keys from codes)."""

import re
from pathlib import Path

import pytest

import i18n
from desk.renovation import movein
from desk.renovation import workflow as renovation_workflow
from desk.renovation.passes import PassState
from desk.renovation.views import PASS_COLUMNS
from desk.special import workflow as special_workflow

ROOT = Path(__file__).resolve().parents[3]
MODULES = sorted([*(ROOT / "desk" / "renovation").glob("*.py"), *(ROOT / "desk" / "special").glob("*.py")])
FIELD_PREFIXES = ("books.field", "field", "desk.field")


def expected_keys() -> set[str]:
    keys = {f"movein.status.{s.value}" for s in movein.Status}
    keys |= {f"movein.action.{a}" for a in ("start", "tick", "complete", "void")}
    keys |= {f"movein.kind.{k.value}" for k in movein.EntryKind}
    keys |= {f"renovation.status.{s.value}" for s in renovation_workflow.Status}
    keys |= {f"renovation.action.{a.value}" for a in renovation_workflow.Action} | {"renovation.action.apply"}
    keys |= {f"special.status.{s.value}" for s in special_workflow.Status}
    keys |= {f"special.action.{a.value}" for a in special_workflow.Action} | {"special.action.request"}
    keys |= {f"special.method.{m.value}" for m in special_workflow.Method}
    keys |= {f"passes.state.{s.value}" for s in PassState}
    keys |= {f"passes.action.{a}" for a in ("issue", "revoke")}
    keys |= {f"books.field.{c}" for c in PASS_COLUMNS}
    keys |= {f"books.views.{v}" for v in ("open", "all")} | {
        f"special.views.{v}" for v in ("open", "today", "all")
    }
    return keys


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_state_step_and_method_has_a_label(lang):
    catalogue = i18n.catalogue(lang)
    assert sorted(k for k in expected_keys() if k not in catalogue) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_refusal_has_a_message_and_names_a_labelled_field(lang):
    catalogue = i18n.catalogue(lang)
    sources = "\n".join(p.read_text(encoding="utf-8") for p in MODULES)
    keys = set(re.findall(r'"((?:renovation|movein|passes|special|id_card)\.error\.[a-z_]+)"', sources))
    assert keys, "the scan found no error keys"
    assert sorted(k for k in keys if k not in catalogue) == []
    fields = set(re.findall(r'field="([a-z_]+)"', sources)) - {"view"}
    unlabelled = [f for f in fields if not any(f"{p}.{f}" in catalogue for p in FIELD_PREFIXES)]
    assert sorted(unlabelled) == []


def test_chinese_labels_use_full_width_punctuation():
    zh = i18n.load_catalogue(i18n.CATALOGUE_DIR / "zh")
    ascii_next_to_han = re.compile(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]")
    prefixes = ("books.", "movein.", "renovation.", "passes.", "special.", "id_card.")
    offenders = [k for k, v in zh.items() if k.startswith(prefixes) and ascii_next_to_han.search(v)]
    assert offenders == []
