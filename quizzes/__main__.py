import sys

from quizzes.cli import main

sys.exit(main())
