"""The two telephone numbers every page and every print carries."""

# 政务服务便民热线: every government site carries it.
SERVICE_HOTLINE = "12345"
# The human-resources and social-security service hotline (domain.md §6).
HOTLINE = "12333"
