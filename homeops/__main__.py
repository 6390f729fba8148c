import sys

from homeops.cli import main

sys.exit(main())
