"""Signals the catalog sends for writes that bypass the models' own save signals."""

from django.dispatch import Signal

# Sent with `item_ids` after items were created or changed in bulk (an import): whoever keeps something in
# step with items (the search index) does for them what it would have done on each save. An import also
# sends `items`, the instances as written (each with its category), and `created`, the ids of those new.
items_written = Signal()
