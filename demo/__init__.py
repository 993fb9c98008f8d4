"""Demo data and the dashboards' benchmark: a realistic service centre loaded through the real services.

`python -m demo load` (or the first-run page's button) fills the configured database; `python -m demo
bench` times the dashboards on a year of data. See README.md, "Demo data" and "Benchmark".
"""

from demo.loader import DEFAULT_SITE_NAME, DemoSummary, load_demo
from demo.opening import DemoRefused
from demo.people import DEMO_PASSWORD

__all__ = ["DEFAULT_SITE_NAME", "DEMO_PASSWORD", "DemoRefused", "DemoSummary", "load_demo"]
