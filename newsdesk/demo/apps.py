from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "newsdesk.demo"
    label = "demo"
    verbose_name = "Demo content"
