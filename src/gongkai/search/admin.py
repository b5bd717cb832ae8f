from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.search.models import MissedQuery, Synonym


@admin.register(Synonym)
class SynonymAdmin(AuditedModelAdmin):
    list_display = ["term", "kind", "expansion_text", "weight", "is_active", "updated_at"]
    list_filter = ["kind", "weight", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["term", "expansions", "note"]
    fields = ["term", "kind", "expansions", "referral", "weight", "note", "is_active"]

    @admin.display(description="查找时也查")
    def expansion_text(self, obj):
        return "、".join(obj.expansion_list())


@admin.register(MissedQuery)
class MissedQueryAdmin(admin.ModelAdmin):
    """What citizens looked for and did not find, most frequent first: the to-do list for new terms."""

    list_display = ["query", "count", "last_seen", "first_seen", "add_term"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False  # only searches add rows

    @admin.display(description="处理")
    def add_term(self, obj):
        # The admin's add form takes initial values from the query string.
        url = reverse("admin:search_synonym_add") + "?" + urlencode({"term": obj.query})
        return format_html('<a href="{}">添加为查找用语</a>', url)
