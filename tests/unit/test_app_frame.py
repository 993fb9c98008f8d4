"""The frame every user sees: no request to the internet, and a chosen "合格" not painted as a fault."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_icon_is_drawn_by_the_browser_not_fetched_from_a_font_service():
    config_call = re.search(r"st\.set_page_config\((.*?)\)", (ROOT / "app.py").read_text(), re.S)
    assert config_call is not None
    assert "page_icon=" in config_call.group(1)
    assert ":material/" not in config_call.group(1)


def test_the_selected_colour_is_not_red():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    red, green, blue = (int(theme["primaryColor"][i : i + 2], 16) for i in (1, 3, 5))
    assert red < max(green, blue)


def test_the_home_page_promises_nothing_still_to_come():
    for lang in ("zh", "en"):
        text = (ROOT / "i18n" / lang / "core.yaml").read_text()
        assert not re.search(r"上线|陆续|coming soon|arriving|once the .* is live", text)
