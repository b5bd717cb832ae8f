"""Date formats of our languages where Django's own do not fit (FORMAT_MODULE_PATH): only Mongolian.

Django's mn formats are Khalkha ("d F Y" with Cyrillic month names); Chinese keeps Django's zh_Hans."""
