"""`python -m annotated_essay.cli`: the same as the `annotated-essay` command."""

from . import main

raise SystemExit(main())
