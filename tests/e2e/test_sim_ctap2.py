"""End-to-end: a FIDO2 client (python-fido2 0.9.1, Ctap2 and ClientPin used directly for
precise control) against the simulated NK3A mini served by `nk3rig sim serve` over UDP:
getInfo, credentials (ES256 and EdDSA, resident and not), packed attestation to the project CA,
PIN protocol 1 (protocol 2 is refused: the nk3am-1.3.1 profile runs fido-authenticator 0.1.1,
CTAP 2.1-PRE), the wrong-PIN counter, credential management, the touch button, reset, and U2F."""

import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.ctap import STATUS, CtapError
from fido2.ctap1 import APDU, ApduError, Ctap1
from fido2.ctap2 import Ctap2, CredentialManagement
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2

from fidokit import (EDDSA, ES256, NK3AM_AAGUID, assert_with, client_data_hash, credential,
                     fresh_ctap, make_credential, pin_token, rp_id_hash, user,
                     verify_packed_attestation)

CM = ClientPin.PERMISSION.CREDENTIAL_MGMT
PROTOCOLS = [pytest.param(PinProtocolV1, id="pin-protocol-1"),
             pytest.param(PinProtocolV2, id="pin-protocol-2")]


@pytest.fixture
def ctap(sim):
    return Ctap2(sim.device())


def test_get_info_describes_an_nk3a_mini(ctap):
    info = ctap.get_info()
    # fido-authenticator 0.1.1 (firmware v1.3.1): CTAP 2.0 and 2.1-PRE, PIN protocol 1.
    assert info.versions == ["U2F_V2", "FIDO_2_0", "FIDO_2_1_PRE"]
    assert info.aaguid == NK3AM_AAGUID
    assert not info.algorithms  # not sent by 0.1.1
    assert list(info.pin_uv_protocols) == [1]
    assert info.options["rk"] is True and info.options["credMgmt"] is True
    assert info.options["credentialMgmtPreview"] is True
    assert "pinUvAuthToken" not in info.options
    assert info.options["clientPin"] is False  # factory-fresh: no PIN yet


def test_pin_protocol_2_is_refused(ctap):
    with pytest.raises(CtapError) as e:
        ClientPin(ctap, protocol=PinProtocolV2()).set_pin("123456")
    assert e.value.code == CtapError.ERR.INVALID_PARAMETER
    with pytest.raises(CtapError) as e:  # getPinUvAuthTokenUsingPinWithPermissions
        ctap.client_pin(1, ClientPin.CMD.GET_TOKEN_USING_PIN, permissions=CM)
    assert e.value.code == CtapError.ERR.INVALID_PARAMETER


@pytest.mark.parametrize("alg", [ES256, EDDSA], ids=["es256", "eddsa"])
@pytest.mark.parametrize("resident", [False, True], ids=["non-resident", "resident"])
def test_credential_attests_to_the_project_ca_and_signs(ctap, ca_pem, alg, resident):
    att, cdh = make_credential(ctap, "example.org", alg=alg, resident=resident)
    assert att.auth_data.is_user_present() and att.auth_data.is_attested()
    assert att.auth_data.rp_id_hash == rp_id_hash("example.org")
    assert att.auth_data.credential_data.aaguid == NK3AM_AAGUID
    verify_packed_attestation(att, cdh, ca_pem)
    cred_id, public_key = credential(att)
    assert public_key.ALGORITHM == alg
    first = assert_with(ctap, "example.org", cred_id, public_key)
    second = assert_with(ctap, "example.org", cred_id, public_key)
    assert first.auth_data.is_user_present()
    assert second.auth_data.counter > first.auth_data.counter


def test_credential_id_is_bound_to_its_rp(ctap):
    att, _ = make_credential(ctap, "example.org")
    cred_id, _ = credential(att)
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("evil.example", client_data_hash(),
                           [{"type": "public-key", "id": cred_id}])
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS


def test_resident_credentials_are_discoverable(ctap):
    for name in ("alice", "bob"):
        make_credential(ctap, "login.example", name=name, alg=EDDSA, resident=True)
    make_credential(ctap, "login.example", name="carol", resident=False)
    assertions = ctap.get_assertions("login.example", client_data_hash())
    assert len(assertions) == 2
    assert {a.user["id"] for a in assertions} == {user("alice")["id"], user("bob")["id"]}
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("nobody.example", client_data_hash())
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS


def test_same_user_again_replaces_the_resident_credential(ctap):
    make_credential(ctap, "replace.example", name="alice", resident=True)
    att, _ = make_credential(ctap, "replace.example", name="alice", resident=True)
    assertions = ctap.get_assertions("replace.example", client_data_hash())
    assert len(assertions) == 1
    assert assertions[0].credential["id"] == credential(att)[0]


def test_exclude_list_refuses_a_second_credential(ctap):
    att, _ = make_credential(ctap, "example.org")
    cred_id, _ = credential(att)
    with pytest.raises(CtapError) as e:
        ctap.make_credential(client_data_hash(), {"id": "example.org", "name": "x"},
                             user("alice"), [{"type": "public-key", "alg": ES256}],
                             exclude_list=[{"type": "public-key", "id": cred_id}])
    assert e.value.code == CtapError.ERR.CREDENTIAL_EXCLUDED


def test_pin_set_change_and_tokens(sim):
    ctap = Ctap2(sim.device())
    client_pin = ClientPin(ctap, protocol=PinProtocolV1())
    client_pin.set_pin("123456")
    assert Ctap2(sim.device()).get_info().options["clientPin"] is True
    assert client_pin.get_pin_retries()[0] == 8
    # Without pinUvAuthToken in getInfo python-fido2 uses the legacy getPinToken (0x05) and
    # drops the permissions.
    token = client_pin.get_pin_token("123456", CM)
    assert len(token) in (16, 32)

    client_pin.change_pin("123456", "654321")
    with pytest.raises(CtapError) as e:
        client_pin.get_pin_token("123456", CM)
    assert e.value.code == CtapError.ERR.PIN_INVALID
    token = client_pin.get_pin_token("654321", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                                     "uv.example")
    assert client_pin.get_pin_retries()[0] == 8  # a correct PIN restores the count

    att, _ = make_credential(ctap, "uv.example", resident=True, pin=(client_pin, token))
    assert att.auth_data.is_user_verified()


def test_every_credential_needs_the_pin_once_set(ctap):
    ClientPin(ctap).set_pin("123456")
    for resident in (True, False):  # 0.1.1 has no makeCredUvNotRqd
        with pytest.raises(CtapError) as e:
            make_credential(ctap, "example.org", resident=resident)
        assert e.value.code == CtapError.ERR.PIN_REQUIRED


def test_wrong_pins_use_up_retries(sim):
    ctap = Ctap2(sim.device())
    client_pin = ClientPin(ctap, protocol=PinProtocolV1())
    client_pin.set_pin("123456")
    for expected in (7, 6):
        with pytest.raises(CtapError) as e:
            client_pin.get_pin_token("000000", CM)
        assert e.value.code == CtapError.ERR.PIN_INVALID
        assert client_pin.get_pin_retries()[0] == expected
    # The third attempt of a power-up is paid for and refused before the comparison (0.1.1
    # counts attempts before comparing): right PIN or not, until the next power cycle.
    with pytest.raises(CtapError) as e:
        client_pin.get_pin_token("123456", CM)
    assert e.value.code == CtapError.ERR.PIN_AUTH_BLOCKED
    with pytest.raises(CtapError) as e:
        client_pin.get_pin_token("123456", CM)
    assert e.value.code == CtapError.ERR.PIN_AUTH_BLOCKED  # this one costs nothing

    sim.ok("cycle")
    ctap = Ctap2(sim.device())
    client_pin = ClientPin(ctap, protocol=PinProtocolV1())
    assert client_pin.get_pin_retries()[0] == 5  # the failed attempts survived the cycle
    client_pin.get_pin_token("123456", CM)
    assert client_pin.get_pin_retries()[0] == 8


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_credential_management_lists_and_deletes(ctap, protocol):
    if protocol is PinProtocolV2:  # not advertised: refused, not skipped
        with pytest.raises(CtapError) as e:
            ClientPin(ctap, protocol=protocol()).set_pin("4321abcd")
        assert e.value.code == CtapError.ERR.INVALID_PARAMETER
        return
    made = {}
    for rp, name, alg in (("a.example", "alice", ES256), ("a.example", "bob", EDDSA),
                          ("b.example", "alice", ES256)):
        att, _ = make_credential(ctap, rp, name=name, alg=alg, resident=True)
        made[(rp, name)] = credential(att)
    make_credential(ctap, "b.example", name="ghost", resident=False)  # not listed

    ClientPin(ctap, protocol=protocol()).set_pin("4321abcd")
    client_pin, token = pin_token(ctap, "4321abcd", protocol(),
                                  ClientPin.PERMISSION.CREDENTIAL_MGMT)
    credman = CredentialManagement(ctap, client_pin.protocol, token)
    meta = credman.get_metadata()
    assert meta[CredentialManagement.RESULT.EXISTING_CRED_COUNT] == 3
    remaining = meta[CredentialManagement.RESULT.MAX_REMAINING_COUNT]

    rps = credman.enumerate_rps()
    assert sorted(r[CredentialManagement.RESULT.RP]["id"] for r in rps) == ["a.example",
                                                                         "b.example"]
    for r in rps:
        assert r[CredentialManagement.RESULT.RP_ID_HASH] == rp_id_hash(
            r[CredentialManagement.RESULT.RP]["id"])
    listed = credman.enumerate_creds(rp_id_hash("a.example"))
    assert sorted(c[CredentialManagement.RESULT.USER]["name"] for c in listed) == ["alice",
                                                                                  "bob"]
    ids = {c[CredentialManagement.RESULT.USER]["name"]:
           c[CredentialManagement.RESULT.CREDENTIAL_ID]["id"] for c in listed}
    assert ids["bob"] == made[("a.example", "bob")][0]

    credman.delete_cred({"type": "public-key", "id": ids["bob"]})
    meta = credman.get_metadata()
    assert meta[CredentialManagement.RESULT.EXISTING_CRED_COUNT] == 2
    assert meta[CredentialManagement.RESULT.MAX_REMAINING_COUNT] == remaining + 1
    left = credman.enumerate_creds(rp_id_hash("a.example"))
    assert [c[CredentialManagement.RESULT.USER]["name"] for c in left] == ["alice"]
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("a.example", client_data_hash(),
                           [{"type": "public-key", "id": ids["bob"]}])
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS


def test_touch_is_asked_for_with_keepalives(ctap):
    seen = []
    make_credential(ctap, "touch.example", on_keepalive=seen.append)
    assert STATUS.UPNEEDED in seen


def test_refused_touch_denies_the_request(sim):
    sim.ok("button refuse:100ms")
    ctap = Ctap2(sim.device())
    with pytest.raises(CtapError) as e:
        make_credential(ctap, "example.org")
    assert e.value.code == CtapError.ERR.OPERATION_DENIED
    sim.ok("button press-after:100ms")
    make_credential(ctap, "example.org")


def test_assertion_without_user_presence(ctap):
    att, _ = make_credential(ctap, "example.org")
    cred_id, public_key = credential(att)
    assertion = assert_with(ctap, "example.org", cred_id, public_key, up=False)
    assert not assertion.auth_data.is_user_present()


def test_reset_after_power_up_wipes_credentials_not_attestation(sim, ca_pem):
    ctap = Ctap2(sim.device())
    att, _ = make_credential(ctap, "example.org", resident=True)
    ClientPin(ctap).set_pin("123456")
    sim.ok("cycle")
    ctap = fresh_ctap(sim)
    ctap.reset()
    ctap = fresh_ctap(sim)
    assert ctap.info.options["clientPin"] is False
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.org", client_data_hash())
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS
    att, cdh = make_credential(ctap, "example.org")
    verify_packed_attestation(att, cdh, ca_pem)


def u2f_retry(call, attempts=200):
    """U2F clients poll: the key answers CONDITIONS_NOT_SATISFIED until touched."""
    for _ in range(attempts):
        try:
            return call()
        except ApduError as e:
            if e.code != APDU.USE_NOT_SATISFIED:
                raise
            time.sleep(0.05)
    raise AssertionError("the key never saw a touch")


def test_u2f_register_and_authenticate(sim, ca_pem):
    dev = sim.device()
    if dev.capabilities & 0x08:  # NMSG: no CTAP1
        pytest.skip("the key does not implement CTAPHID_MSG")
    ctap1 = Ctap1(dev)
    assert ctap1.get_version() == "U2F_V2"
    app_param, client_param = rp_id_hash("https://u2f.example"), client_data_hash()
    reg = u2f_retry(lambda: ctap1.register(client_param, app_param))
    reg.verify(app_param, client_param)
    leaf = x509.load_der_x509_certificate(reg.certificate)
    ca = x509.load_pem_x509_certificate(ca_pem.encode())
    ca.public_key().verify(leaf.signature, leaf.tbs_certificate_bytes,
                           ec.ECDSA(leaf.signature_hash_algorithm))

    with pytest.raises(ApduError) as e:  # check-only: known handle, no signature
        ctap1.authenticate(client_param, app_param, reg.key_handle, check_only=True)
    assert e.value.code == APDU.USE_NOT_SATISFIED
    first = u2f_retry(lambda: ctap1.authenticate(client_param, app_param, reg.key_handle))
    first.verify(app_param, client_param, reg.public_key)
    second = u2f_retry(lambda: ctap1.authenticate(client_param, app_param, reg.key_handle))
    assert second.counter > first.counter
    with pytest.raises(ApduError) as e:  # another app's handle
        ctap1.authenticate(client_param, rp_id_hash("https://other.example"), reg.key_handle)
    assert e.value.code == APDU.WRONG_DATA
