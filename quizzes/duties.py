"""The front-desk duties 1.1-1.10 of the reception procedure, and the quiz categories built on them.

Pure. The code of conduct is the rulebook; the duties are a short list of their own, so a question on
them names duty numbers (`duties: ["1.5"]`) instead of, or beside, rule ids. A question with no rule
belongs to the quiz category `desk`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from rules.model import Rulebook, Text

DESK = "desk"  # the quiz category of questions on the duties alone


@dataclass(frozen=True)
class Duty:
    number: str  # "1.1" .. "1.10"
    title: Text
    register: bool = False  # keeping a register or statistics rather than serving at the counter


_DUTIES = (
    Duty("1.1", Text(zh="接待和处理报修、咨询、投诉，做好记录，需报事的填写派工单",
                     en="Repairs, enquiries and complaints: receive, record, raise a work order")),
    Duty("1.2", Text(zh="业主信件、报刊的接收", en="Owners' letters and newspapers")),
    Duty("1.3", Text(zh="投诉有效率及处理及时率的记录和月统计",
                     en="Complaint validity and timeliness: records and monthly statistics"), register=True),
    Duty("1.4", Text(zh="收房及装修手续办理，装修工人出入证件办理",
                     en="Move-in and renovation formalities, passes for renovation workers")),
    Duty("1.5", Text(zh="钥匙的管理", en="Key management")),
    Duty("1.6", Text(zh="业主档案的管理", en="Owner records"), register=True),
    Duty("1.7", Text(zh="节假日、午休及下班后的费用代收与交接",
                     en="Fees taken on holidays, at lunchtime and after hours, and the handover")),
    Duty("1.8", Text(zh="家政等特约服务受理", en="Housekeeping and other special services")),
    Duty("1.9", Text(zh="对各职能部门的协调监督", en="Coordinating and following up the departments")),
    Duty("1.10", Text(zh="业主电话回访", en="Follow-up calls to owners")),
)  # fmt: skip
DUTIES = MappingProxyType({d.number: d for d in _DUTIES})
REGISTER_DUTIES = tuple(d.number for d in _DUTIES if d.register)
DESK_NAME = Text(zh="前台职责", en="Front-desk duties")


@dataclass(frozen=True)
class QuizCategory:
    id: str
    name: Text


def quiz_categories(rulebook: Rulebook) -> tuple[QuizCategory, ...]:
    """The rulebook's categories in its order, then the front-desk duties."""
    return (*(QuizCategory(c.id, c.name) for c in rulebook.categories), QuizCategory(DESK, DESK_NAME))


def duty_label(number: str, lang: str) -> str:
    """职责 1.5 钥匙的管理 / Duty 1.5 Key management."""
    duty = DUTIES[number]
    return f"职责 {number} {duty.title.zh}" if lang == "zh" else f"Duty {number} {duty.title.en}"
