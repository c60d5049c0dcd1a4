"""End-to-end: the WebAuthn level of python-fido2 0.9.1 against `nk3rig sim serve`: Fido2Client
(what a browser does) registers and signs in with the simulated key, and Fido2Server (what a
relying party does) checks the attestation chain to the project CA, the challenge, the origin,
user verification and every signature."""

import datetime
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fido2.attestation import UntrustedAttestation
from fido2.client import Fido2Client
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin
from fido2.server import AttestationVerifier, Fido2Server

RP = {"id": "example.com", "name": "Example"}
ORIGIN = "https://example.com"
PIN = "4711-4711"


class ProjectCa(AttestationVerifier):
    """Trusts attestation that chains to the project CA only."""

    def __init__(self, ca_pem):
        super().__init__()
        self.ca_der = ssl.PEM_cert_to_DER_cert(ca_pem)

    def ca_lookup(self, attestation_result, auth_data):
        return [self.ca_der]


def register(server, client, user, **kwargs):
    options, state = server.register_begin(user, **kwargs)
    result = client.make_credential(options["publicKey"], pin=PIN)
    return server.register_complete(state, result.client_data, result.attestation_object)


def sign_in(server, client, credentials, discoverable=False, **kwargs):
    """Signs in with an allowList of `credentials`, or with none when `discoverable`."""
    options, state = server.authenticate_begin(None if discoverable else credentials, **kwargs)
    selection = client.get_assertion(options["publicKey"], pin=PIN)
    responses = [selection.get_response(i) for i in range(len(selection.get_assertions()))]
    for r in responses:
        server.authenticate_complete(state, credentials, r.credential_id, r.client_data,
                                     r.authenticator_data, r.signature)
    return responses


@pytest.fixture
def client(sim):
    ClientPin(Ctap2(sim.device())).set_pin(PIN)
    return Fido2Client(sim.device(), ORIGIN)


def test_register_and_sign_in_with_verified_attestation(client, ca_pem):
    server = Fido2Server(RP, attestation="direct", verify_attestation=ProjectCa(ca_pem))
    alice = {"id": b"alice-id", "name": "alice", "displayName": "Alice"}
    auth_data = register(server, client, alice, user_verification="required")
    assert auth_data.is_user_verified()
    credentials = [auth_data.credential_data]
    first, = sign_in(server, client, credentials, user_verification="required")
    second, = sign_in(server, client, credentials, user_verification="required")
    assert first.authenticator_data.is_user_verified()
    assert second.authenticator_data.counter > first.authenticator_data.counter


def test_discoverable_credentials_sign_in_without_a_user_name(client, ca_pem):
    server = Fido2Server(RP, attestation="direct", verify_attestation=ProjectCa(ca_pem))
    credentials = []
    for name in ("alice", "bob"):
        user = {"id": name.encode() + b"-id", "name": name, "displayName": name.title()}
        credentials.append(register(server, client, user, resident_key=True).credential_data)
    responses = sign_in(server, client, credentials, discoverable=True)  # the key offers both
    assert sorted(r.user_handle for r in responses) == [b"alice-id", b"bob-id"]


def test_attestation_from_another_ca_is_refused(client):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone else")])
    now = datetime.datetime.utcnow()
    other = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
             .public_key(key.public_key()).serial_number(1)
             .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
             .sign(key, hashes.SHA256()))
    other_pem = other.public_bytes(serialization.Encoding.PEM).decode()
    server = Fido2Server(RP, attestation="direct", verify_attestation=ProjectCa(other_pem))
    with pytest.raises(UntrustedAttestation):
        register(server, client, {"id": b"x", "name": "x", "displayName": "X"})
