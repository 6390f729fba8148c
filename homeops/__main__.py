import sys

from homeops.main import main

sys.exit(main())
