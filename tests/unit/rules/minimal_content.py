"""A tiny valid content directory; tests spoil it in one place at a time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

MINIMAL_SETTINGS = """\
version: "1.0"
example_site: 测试服务中心
time_greetings:
  - key: day
    name: {zh: 白天, en: Day}
    start: "06:00"
    end: "17:59"
    greetings: [早上好]
  - key: night
    name: {zh: 晚上, en: Night}
    start: "18:00"
    end: "05:59"
    greetings: [晚上好]
festivals:
  - key: christmas
    name: {zh: 圣诞节, en: Christmas}
    date: "12-25"
    greetings: [圣诞快乐]
scenarios:
  - id: farewell
    name: {zh: 送别, en: Farewell}
    prompt: {zh: 请道别。, en: Say goodbye.}
    rule: farewell.bye
"""

MINIMAL_RULES = """\
category: farewell
rules:
  - id: farewell.bye
    title: {zh: 道别, en: Say goodbye}
    text: {zh: 客人离开时应道别。, en: Say goodbye when visitors leave.}
    source: [26]
    severity: major
    applies_to: everyone
    when: [face_to_face]
    speech:
      scenarios: [farewell]
      forms:
        - key: bye
          label: {zh: 道别, en: Goodbye}
          elements:
            - key: bye
              label: {zh: 道别语, en: Goodbye phrase}
              variants: [再见]
      examples:
        - {text: 再见！, en: Goodbye!, ok: true}
        - {text: 走吧。, en: Off you go., ok: false}
"""

WriteContent = Callable[[Mapping[str, str | None]], Path]
