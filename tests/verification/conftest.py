from tests.admin.conftest import (  # noqa: F401 (fixtures)
    coordinator,
    editor,
    organisation,
)
