"""Signals of the documents app for the apps above it, which documents must not import.

``plan_files_changed`` is sent when the downloadable files of a plan change without a model save: a document
becomes ready (recorded with a conditional ``.update()``, which sends no ``post_save``), or an older ready
document becomes current again. Arguments: ``sender`` (the Document model) and ``plan``.
"""

from django.dispatch import Signal

plan_files_changed = Signal()
