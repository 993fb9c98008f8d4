"""Normalisation: punctuation, width, spaces and clause-final particles do not change what was said."""

from __future__ import annotations

import pytest

from rules.normalize import find_all, normalize, normalize_phrase


@pytest.mark.parametrize(
    "written",
    [
        "您好，阳光花园服务中心，有什么可以帮您？",
        "您好,阳光花园服务中心,有什么可以帮您?",
        "您好 阳光花园服务中心 有什么可以帮您",
        "您好！！阳光花园服务中心。。。有什么可以帮您～",
        "您好啊，阳光花园服务中心呀，有什么可以帮您呢？",
        "\u201c您好，阳光花园服务中心，有什么可以帮您？\u201d",
        "「您好，阳光花园服务中心，有什么可以帮您」。",
    ],
)
def test_punctuation_width_spaces_particles_and_outer_quotes_are_ignored(written: str) -> None:
    assert normalize(written).text == "您好阳光花园服务中心有什么可以帮您"


def test_full_width_letters_and_digits_are_unified_and_case_folded() -> None:
    assert normalize("ＳＯＨＯ３号楼").text == "soho3号楼"


def test_only_clause_final_particles_are_dropped() -> None:
    assert normalize("啊，您好吗？好的呢。").text == "您好好的"
    assert normalize("需要传达什么吗？").text == normalize("需要传达什么呢").text == "需要传达什么"


def test_de_is_not_a_particle() -> None:
    assert normalize("有什么可以帮到您的？").text == "有什么可以帮到您的"


def test_words_inside_quotation_marks_are_marked() -> None:
    answer = normalize("您说的“你们公司”是哪家？")
    assert answer.text == "您说的你们公司是哪家"
    start = answer.text.index("你们")
    assert answer.is_quoted(start, start + 2)
    assert not answer.is_quoted(0, 3)


def test_book_title_marks_count_as_quotation() -> None:
    answer = normalize("您看过《你好，李焕英》吗")
    assert answer.is_quoted(answer.text.index("你"), answer.text.index("你") + 1)


def test_a_stray_quotation_mark_does_not_hide_the_rest() -> None:
    answer = normalize("他说\u201c你好")
    assert not any(answer.quoted)


def test_two_quoted_parts_are_not_taken_for_one_outer_pair() -> None:
    answer = normalize("\u201c您\u201d和\u201c你\u201d")
    assert answer.text == "您和你"
    assert answer.quoted == (True, False, True)


def test_rulebook_phrases_are_normalised_the_same_way() -> None:
    assert normalize_phrase("需要留言吗") == "需要留言"
    assert normalize_phrase("有什么可以帮到您？") == "有什么可以帮到您"


def test_find_all_returns_every_occurrence() -> None:
    assert find_all("你好你好", "你") == [(0, 1), (2, 3)]
    assert find_all("abc", "") == []
