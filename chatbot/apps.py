from django.apps import AppConfig


class ChatbotConfig(AppConfig):
    name = "chatbot"

    def ready(self):
        # The lead tool lives beside chatbot/tools.py (owned by the llm runtime); importing it
        # here registers it with llm.registry for every process (web and worker).
        from chatbot import lead_tools  # noqa: F401
