"""What the bodies app tells the apps above it. The tree is the base layer, so it imports none of them:
the audit log listens here, the way every other change reaches it through a service."""

from django.dispatch import Signal

# Sent inside the transaction of every change to the tree, with action, actor, actor_label, target,
# details and body: the audit app writes the row.
tree_changed = Signal()
