"""The add-ons' LLM tools, found by llm.registry.load_tool_modules (autodiscovery of `tools`).

Each add-on's tools are registered with its (agent, feature), so a disabled add-on's tools are
absent from what any model can call: shopper tools in tools_support.py and tools_catalog.py,
owner-assistant tools in tools_owner.py.
"""

from addons import tools_catalog, tools_owner, tools_support  # noqa: F401
