"""The server: the Starlette app, its configuration and the ``spackdex`` command line."""
