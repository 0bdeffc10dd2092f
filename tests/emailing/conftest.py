import pytest

from tests.emailing.fake_sendy import FakeSendy


@pytest.fixture
def fake_sendy():
    server = FakeSendy().start()
    yield server
    server.stop()


@pytest.fixture
def sendy_config(fake_sendy):
    from emailing.sendy import SendyConfig

    return SendyConfig(
        url=fake_sendy.url,
        api_key=fake_sendy.state.api_key,
        brand_id="1",
        list_ids=("list-abc",),
        from_name="Alpha Shop",
        from_email="news@alpha.test",
        reply_to="hello@alpha.test",
    )


@pytest.fixture
def sendy_client(sendy_config):
    from emailing.sendy import SendyClient

    with SendyClient(sendy_config, timeout=2.0) as client:
        yield client
