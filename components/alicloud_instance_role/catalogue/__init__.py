"""What exists in Alibaba Cloud, shipped as data: services, actions, System policies, resource
types and their ARN templates. Each part is its own module (``resources``, ...) that loads its
data on first use, so importing the package costs nothing."""
