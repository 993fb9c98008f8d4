import sys

from checklists.cli import main

sys.exit(main())
