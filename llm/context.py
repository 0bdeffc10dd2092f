"""What a tool may know about the conversation it serves, handed in by our code, never by the model.

Tools receive this through LangChain's `ToolRuntime` (`runtime.context`). The tenant is the
schema the agent runs in; a tool argument naming another account has no way to change it.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgentContext:
    account_id: int
    schema_name: str
    agent: str  # chatbot | assistant | email | booking
    channel: str = "widget"  # widget | dashboard | cli | api | task
    session_id: str | None = None  # chat/assistant session public id
    customer_id: int | None = None  # Growiyo customer id of the shopper, if known
    user_id: int | None = None  # the owner user (assistant), if any
    language: str = "sl"  # sl | en, detected per message
    extra: dict = field(default_factory=dict)
