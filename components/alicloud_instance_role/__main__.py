"""``python -m alicloud_instance_role preview ...``: the same as the ``alicloud-instance-role`` command."""

import sys

from .cli import main

sys.exit(main())
