"""plato-site: YAML programme descriptions -> Plato network website.

Pipeline, one module per step: ``load`` -> ``validate`` -> ``derive`` -> ``render``;
``adapter`` is the only module that knows about MkDocs.
"""

__version__ = "0.1.0"
