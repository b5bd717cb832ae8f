from django import forms
from django.contrib import admin

from gongkai.accounts.roles import scope_paths
from gongkai.audit.admin import AuditedModelAdmin
from gongkai.bodies.scope import bodies_within
from gongkai.inforequests.models import Application, DocumentTemplate, FeeScale, LetterHead, ReviewCase


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    """Read-only overview. Cases are handled on the case pages, where personal data views are audited."""

    scope_via = "body"
    list_display = ["code", "name", "applicant_type", "status", "received_on", "due_on", "result"]
    list_filter = ["status", "applicant_type", "channel", "result"]
    search_fields = ["code"]
    date_hierarchy = "received_on"
    exclude = ["id_number", "phone", "submitter_ip"]
    readonly_fields = [
        f.name for f in Application._meta.fields if f.name not in ("id_number", "phone", "submitter_ip")
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewCase)
class ReviewCaseAdmin(AuditedModelAdmin):
    scope_via = "application__body"
    list_display = ["application", "kind", "filed_on", "outcome", "decided_on"]
    list_filter = ["kind", "outcome"]
    raw_id_fields = ["application"]


@admin.register(FeeScale)
class FeeScaleAdmin(AuditedModelAdmin):
    list_display = ["basis", "source"]


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "language", "title", "body"]

    def clean(self):
        from gongkai.inforequests.documents import validate_template_body

        data = super().clean()
        for name in ("title", "body"):
            if data.get(name):
                try:
                    validate_template_body(data[name], data.get("kind"))
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(AuditedModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "language", "title"]
    list_filter = ["language"]


@admin.register(LetterHead)
class LetterHeadAdmin(AuditedModelAdmin):
    """Each body's 机关代字, contact and remedies for its letters; the office edits its own bodies' only."""

    scope_via = "body"
    list_display = ["body", "code_word", "contact_person", "contact_phone", "review_body", "court"]
    search_fields = ["body__name", "code_word"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body" and not request.user.is_superuser:
            kwargs["queryset"] = bodies_within(scope_paths(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
