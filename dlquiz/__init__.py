"""dlquiz: practise the theory of a Deep Learning course in a terminal."""

__version__ = "0.1.0"
