import sys

from homeops.cli.app import main

sys.exit(main())
