from django import forms

from gongkai.translations.services import DEFAULT_MAX_LENGTH, MAX_LENGTH


def field_name(key: str) -> str:
    """A text's key as a form field's name ("steps.12" → "steps_12"): ids stay plain CSS identifiers."""
    return key.replace(".", "_")


class TextForm(forms.Form):
    """The Mongolian of each Chinese text of one object, the Chinese shown above each field."""

    LONG = 40  # Chinese longer than this gets a text area

    def __init__(self, parts: list[tuple[str, str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for key, label, chinese in parts:
            # lang tells the browser and screen readers what is typed here; the stylesheet sets the font.
            attrs = {"lang": "mn-Mong", "class": "mongolian-input", "spellcheck": "false"}
            long = len(chinese) > self.LONG or "\n" in chinese
            self.fields[field_name(key)] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_LENGTH.get(key, DEFAULT_MAX_LENGTH),
                widget=forms.Textarea(attrs={**attrs, "rows": 3}) if long else forms.TextInput(attrs=attrs),
                error_messages={"max_length": "请写在 %(limit_value)d 个字以内"},
            )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[field_name(key)] for key, _, _ in self.parts}

    def add_text_errors(self, errors: dict[str, list]) -> None:
        """Refusals of the service, by text key, put under their fields."""
        for key, messages in errors.items():
            name = field_name(key)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
