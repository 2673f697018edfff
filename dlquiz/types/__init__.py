"""The question types: one class each, registered under its YAML `type:` name by being defined.

`QUESTION_TYPES` maps the name to the class. The built-in types are imported here, in the order a
teacher meets them, and register the same way a new one does (see `dlquiz/types/base.py`).
"""

# isort: off
from dlquiz.types import numeric, shape, open, choice, truefalse, keras, code  # noqa: F401  (register the built-ins)
# isort: on
from dlquiz.types.base import QUESTION_TYPES, Example, Question, clean_answer, substitute  # noqa: F401
