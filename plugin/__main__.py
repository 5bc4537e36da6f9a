"""InstanceRoleComponent for every Pulumi language, as the Pulumi CLI starts the plugin."""

import sys

from alicloud_instance_role.plugin import serve

if __name__ == "__main__":
    serve(sys.argv[1:])
