"""Once the bureau's revocation returns, no verify answer says valid: readers hammer the
verify service from other threads (their own connections) while the registry revokes."""

import threading

from tests.batch_helpers import past_row, title_held, titles_held
from tests.factories import NOW, at, setup_registry
from tests.status_helpers import REVOKE, change, list_bit, status_index

READERS = 4
READS_AFTER = 15  # per reader, after the revocation returned


def _reader(app, serial, index, revoked, seen, faults, stop):
    client = app.test_client()
    after = 0
    while not stop.is_set() and after < READS_AFTER:
        returned = revoked.is_set()  # taken before the request is sent
        answer = client.get(f"/api/v1/certificates/{serial}").get_json()
        page = client.get(f"/c/{serial}").get_data(as_text=True)
        bit = list_bit(client, "revocation", index)
        says_valid = answer["result"] == "valid" or "真实有效" in page or bit == 0
        if returned:
            after += 1
            if says_valid:
                faults.append((answer["result"], bit))
        elif says_valid:
            seen.release()


def test_no_reader_sees_valid_after_the_revocation_returns(registry_app, registry, verify_app):
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    serial = title_held(registry_app).serial
    index = status_index(registry, serial, tokens["bureau"])
    revoked, stop, seen = threading.Event(), threading.Event(), threading.Semaphore(0)
    faults: list = []
    threads = [
        threading.Thread(
            target=_reader, args=(verify_app, serial, index, revoked, seen, faults, stop)
        )
        for _ in range(READERS)
    ]
    for thread in threads:
        thread.start()
    try:
        for _ in range(READERS * 2):  # the readers really read "valid" first
            assert seen.acquire(timeout=60)
        response = change(registry, serial, tokens["bureau"], **REVOKE)
        revoked.set()
        assert response.status_code == 201
    finally:
        for thread in threads:
            thread.join(timeout=120)
        stop.set()
    assert not any(thread.is_alive() for thread in threads)
    assert faults == []


def test_concurrent_revocations_all_reach_the_status_list(registry_app, registry, verify):
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    serials = titles_held(registry_app, [past_row(i) for i in range(4)])
    indexes = [status_index(registry, serial, tokens["bureau"]) for serial in serials]
    statuses = []

    def revoke(serial):
        statuses.append(change(registry_app.test_client(), serial, tokens["bureau"], **REVOKE))

    threads = [threading.Thread(target=revoke, args=(serial,)) for serial in serials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(response.status_code for response in statuses) == [201] * 4
    assert [list_bit(verify, "revocation", index) for index in indexes] == [1] * 4
