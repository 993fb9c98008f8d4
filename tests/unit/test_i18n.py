import re
from pathlib import Path

import pytest

import i18n

ROOT = Path(__file__).resolve().parents[2]
# t("key") / tr("key") literals in the code; f-string keys are covered by the role/gender checks below.
KEY_USE = re.compile(r"""\btr?\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_both_catalogues_have_the_same_keys():
    zh, en = set(i18n.catalogue("zh")), set(i18n.catalogue("en"))
    assert zh - en == set(), "keys missing from en.yaml"
    assert en - zh == set(), "keys missing from zh.yaml"


def test_every_key_the_code_uses_exists_in_both_languages():
    used: set[str] = set()
    for path in ROOT.glob("**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        used |= set(KEY_USE.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys: the pattern is broken"
    for lang in i18n.LANGUAGES:
        missing = sorted(k for k in used if k not in i18n.catalogue(lang))
        assert missing == [], f"{lang}: {missing}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_role_gender_and_domain_error_has_a_label(lang):
    from core.roles import Role
    from core.validation import GENDERS

    cat = i18n.catalogue(lang)
    for role in Role:
        assert f"role.{role.value}" in cat
        assert f"home.{role.value}_intro" in cat
    for gender in GENDERS:
        assert f"gender.{gender}" in cat
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "core").glob("*.py"))
    sources += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "store").glob("*.py"))
    for key in set(re.findall(r'"(error\.[a-z_]+)"', sources)):
        assert key in cat, f"{lang}: {key}"


def test_chinese_is_the_default_language():
    assert i18n.t("nav.login") == "登录"
    assert i18n.t("nav.login", "en") == "Log in"
    assert i18n.t("nav.login", "fr") == "登录"


def test_placeholders_are_filled():
    assert "30 s" in i18n.t("error.login_too_soon", "en", seconds=30)


def test_a_key_defined_in_two_catalogue_files_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text("nav:\n  home: 首页\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("nav:\n  home: 主页\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nav\.home"):
        i18n.load_catalogue(tmp_path)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_menu_entry_has_its_labels(lang):
    from ui.navigation import PAGES, SECTION_ORDER

    cat = i18n.catalogue(lang)
    keys = [k for p in PAGES for k in (p.title_key, p.section, p.blurb_key) if k] + list(SECTION_ORDER)
    assert [k for k in keys if k not in cat] == []
