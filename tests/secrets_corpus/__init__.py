"""A corpus for the secret scanner: credentials as customers show them, and ordinary summaries.

Every token is generated here from a seeded random generator, in the documented format and at
its real length (never the shortest a rule accepts), so no real secret is ever stored in the
repository and each run sees the same texts. Each credential sits in context (a command, a
config file, a log line, a URL, a ``kubectl`` listing) inside a support summary; the ordinary
summaries hold what support text is full of (commit SHAs, UUIDs, versions, hostnames, IPs,
ticket links, job ids, checksums, placeholders) and must raise nothing.

:func:`score` measures a scanner on it: detection, false positives and whether redaction
removed every secret.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

SEED = 20240613
LEAK_WINDOW = 8  # this many consecutive characters of a secret left in a text count as a leak

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
BASE36 = string.digits + string.ascii_lowercase
SYMBOLS = "!#%*-_+=.?^"


@dataclass(frozen=True)
class Secret:
    """A credential inside a sample, and the start of it that may stay (``glpat-``)."""

    value: str
    prefix: str = ""

    @property
    def core(self) -> str:
        return self.value[len(self.prefix) :]


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    secrets: tuple[Secret, ...] = field(default=())


class Gen:
    """Deterministic random material in the formats the providers document."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def mixed(self, alphabet: str, n: int) -> str:
        """Like :meth:`pick`, with at least one digit, one upper and one lower case letter."""
        while True:
            value = self.pick(alphabet, n)
            digit = any(c.isdigit() for c in value)
            upper = any(c.isupper() for c in value)
            lower = any(c.islower() for c in value) or not any(c.islower() for c in alphabet)
            if digit and upper and lower:
                return value

    def alnum(self, n: int) -> str:
        return self.mixed(ALNUM, n)

    def hex(self, n: int) -> str:
        return self.pick(HEX, n)

    def b64(self, n: int) -> str:
        return self.mixed(B64, n)

    def b64url(self, n: int) -> str:
        return self.mixed(B64URL, n)

    def base36(self, n: int) -> str:
        return self.pick(BASE36, n)

    def password(self, n: int = 18, extra: str = "") -> str:
        body = self.mixed(ALNUM + SYMBOLS, n - len(extra))
        cut = self.rng.randrange(2, len(body) - 2)
        return body[:cut] + extra + body[cut:]

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def uuid(self) -> str:
        h = self.hex(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def routable(self, prefix: str, body: int = 27) -> str:
        """GitLab's routable form: base64url payload, ``.`` version ``.`` CRC."""
        return f"{prefix}{self.b64url(body)}.01.{self.base36(9)}"

    def jwt(self) -> str:
        def part(data: object) -> str:
            raw = json.dumps(data, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        header = part({"alg": "RS256", "typ": "JWT", "kid": self.b64url(43)})
        payload = part(
            {
                "namespace_id": str(self.number(10, 9999)),
                "project_id": str(self.number(10, 99999)),
                "user_login": "ana",
                "pipeline_id": str(self.number(10**6, 10**7)),
                "job_id": str(self.number(10**7, 10**8)),
                "iss": "gitlab.example.com",
                "iat": 1718000000 + self.number(0, 10**6),
                "exp": 1718003600 + self.number(0, 10**6),
                "sub": f"job_{self.number(10**7, 10**8)}",
            }
        )
        return f"{header}.{payload}.{self.b64url(342)}"

    def pem_lines(self, chars: int) -> list[str]:
        body = self.b64(chars)
        return [body[i : i + 64] for i in range(0, len(body), 64)] + ["=="]

    def basic(self, user: str, password: str) -> str:
        return base64.b64encode(f"{user}:{password}".encode()).decode()


INTROS = (
    "Hello Sam,\n\nThank you for the call today about the failing upgrade.",
    "Hi team,\n\nThanks for walking me through the runner setup on the screen share.",
    "Hello,\n\nThank you for your time on the call. Below is what we looked at together.",
    "Hi Priya,\n\nThanks for joining the troubleshooting call. Here is a summary.",
    "Hello Marco,\n\nGood talking to you today. What we found while sharing your screen:",
)
OUTROS = (
    "Next steps for you: rotate the credential above and let us know once done.\n\n"
    "Best regards,\nAna Example",
    "I will keep this ticket on hold until you confirm the pipeline runs again.\n\n"
    "Kind regards,\nAna",
    "Please send the output of gitlab-ctl status when you get a chance.\n\nThanks,\nAna Example",
    "We will follow up with the development team and update this ticket.\n\nBest,\nAna",
)


def _wrap(gen: Gen, body: str) -> str:
    return f"{gen.rng.choice(INTROS)}\n\n{body}\n\n{gen.rng.choice(OUTROS)}"


# -- credentials in context ----------------------------------------------------------------------

Maker = Callable[[Gen], tuple[str, Sequence[Secret]]]


def _credential_makers() -> dict[str, Maker]:
    makers: dict[str, Maker] = {}

    def add(name: str) -> Callable[[Maker], Maker]:
        def register(fn: Maker) -> Maker:
            makers[name] = fn
            return fn

        return register

    @add("glpat-curl-header")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glpat-" + g.b64url(20)
        return (
            "The API call that fails:\n"
            f'curl --header "PRIVATE-TOKEN: {t}" '
            '"https://gitlab.example.com/api/v4/projects/42/jobs?scope=failed"',
            [Secret(t, "glpat-")],
        )

    @add("glpat-routable-clone-url")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.routable("glpat-")
        return (
            f"git clone https://oauth2:{t}@gitlab.example.com/acme/platform/api.git\n"
            "fatal: unable to access: The requested URL returned error: 403",
            [Secret(t, "glpat-")],
        )

    @add("glpat-routable-sentence")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.routable("glpat-", 40)
        return (
            f"The token shown in the settings was {t}. It expires next week.",
            [Secret(t, "glpat-")],
        )

    @add("gloas-app-settings")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "gloas-" + g.b64url(64)
        return (
            "Applications > Jenkins SSO\nApplication ID: "
            f"{g.hex(64)}\nSecret: {t}\nCallback URL: "
            "https://jenkins.example.com/securityRealm/finishLogin",
            [Secret(t, "gloas-")],
        )

    @add("gldt-docker-login")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "gldt-" + g.b64url(20)
        return (
            f"$ docker login -u gitlab+deploy-token-{g.number(10, 999)} -p {t} "
            "registry.example.com\n"
            "Error response from daemon: Get https://registry.example.com/v2/: unauthorized",
            [Secret(t, "gldt-")],
        )

    @add("glrt-routable-config-toml")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.routable("glrt-t1_", 27)
        return (
            '/etc/gitlab-runner/config.toml:\n[[runners]]\n  name = "build-01"\n'
            f'  url = "https://gitlab.example.com"\n  id = {g.number(10, 999)}\n  token = "{t}"\n'
            '  executor = "docker"',
            [Secret(t, "glrt-")],
        )

    @add("glrt-register-command")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glrt-" + g.b64url(20)
        return (
            "sudo gitlab-runner register --non-interactive --url https://gitlab.example.com "
            f'--token {t} --executor docker --docker-image "alpine:3.19"',
            [Secret(t, "glrt-")],
        )

    @add("glcbt-routable-job-log")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.routable(f"glcbt-{g.pick(ALNUM, 2)}_", 44)
        return (
            "Job log, line 12:\n$ git fetch "
            f"https://gitlab-ci-token:{t}@gitlab.example.com/acme/app.git\n"
            "remote: HTTP Basic: Access denied",
            [Secret(t, "glcbt-")],
        )

    @add("glptt-trigger-curl")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glptt-" + g.hex(40)
        return (
            f"curl -X POST --fail -F token={t} -F ref=main "
            "https://gitlab.example.com/api/v4/projects/42/trigger/pipeline",
            [Secret(t, "glptt-")],
        )

    @add("glft-feed-url")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glft-" + g.b64url(20)
        return (
            "The RSS reader polls "
            f"https://gitlab.example.com/dashboard/projects.atom?feed_token={t}&sort=updated",
            [Secret(t, "glft-")],
        )

    @add("glimt-incoming-email")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glimt-" + g.b64url(25)
        return (f"Incoming email token (Service Desk): {t}", [Secret(t, "glimt-")])

    @add("glagent-helm")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glagent-" + g.b64url(50)
        return (
            "helm upgrade --install prod-agent gitlab/gitlab-agent --namespace gitlab-agent "
            f"--set config.token={t} --set config.kasAddress=wss://kas.example.com",
            [Secret(t, "glagent-")],
        )

    @add("glsoat-scim")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glsoat-" + g.b64url(20)
        return (
            "Azure provisioning settings:\nTenant URL: https://gitlab.example.com/api/scim/v2/"
            f"groups/acme\nSecret Token: {t}",
            [Secret(t, "glsoat-")],
        )

    @add("glffct-unleash")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "glffct-" + g.b64url(20)
        return (
            "const unleash = initialize({\n  url: 'https://gitlab.example.com/api/v4/feature_flags"
            f"/unleash/42',\n  appName: 'production',\n  instanceId: '{t}',\n}});",
            [Secret(t, "glffct-")],
        )

    @add("gr1348941-registration")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "GR1348941" + g.b64url(20)
        return (
            "gitlab-runner register --url https://gitlab.example.com "
            f"--registration-token {t} --description old-runner",
            [Secret(t, "GR1348941")],
        )

    @add("gitlab-session-cookie")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.hex(32)
        return (
            "Request headers copied from the browser:\n"
            f"Cookie: preferred_language=en; _gitlab_session={t}; known_sign_in=1",
            [Secret(t)],
        )

    @add("aws-credentials-file")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        key, secret = "AKIA" + g.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), g.b64(40)
        return (
            f"~/.aws/credentials on the runner:\n[default]\naws_access_key_id = {key}\n"
            f"aws_secret_access_key = {secret}\nregion = eu-central-1",
            [Secret(key, "AKIA"), Secret(secret)],
        )

    @add("aws-sts-exports")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        key = "ASIA" + g.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        secret, session = g.b64(40), "IQoJb3JpZ2luX2Vj" + g.b64(720)
        return (
            f"export AWS_ACCESS_KEY_ID={key}\nexport AWS_SECRET_ACCESS_KEY={secret}\n"
            f"export AWS_SESSION_TOKEN={session}\naws s3 ls s3://acme-gitlab-backups/",
            [Secret(key, "ASIA"), Secret(secret), Secret(session)],
        )

    @add("aws-gitlab-rb-object-store")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        key, secret = "AKIA" + g.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), g.b64(40)
        return (
            "gitlab_rails['object_store']['connection'] = {\n  'provider' => 'AWS',\n"
            f"  'region' => 'us-east-1',\n  'aws_access_key_id' => '{key}',\n"
            f"  'aws_secret_access_key' => '{secret}'\n}}",
            [Secret(key, "AKIA"), Secret(secret)],
        )

    @add("aws-assume-role-json")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        key = "ASIA" + g.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        secret, session = g.b64(40), "FwoGZXIvYXdzE" + g.b64(340)
        return (
            "$ aws sts assume-role --role-arn arn:aws:iam::123456789012:role/gitlab-ci ...\n{\n"
            f'    "Credentials": {{\n        "AccessKeyId": "{key}",\n'
            f'        "SecretAccessKey": "{secret}",\n        "SessionToken": "{session}",\n'
            '        "Expiration": "2024-06-13T12:00:00Z"\n    }\n}',
            [Secret(key, "ASIA"), Secret(secret), Secret(session)],
        )

    @add("gcp-api-key-url")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "AIza" + g.b64url(35)
        return (
            "The geocoding call from the log:\nGET https://maps.googleapis.com/maps/api/geocode/"
            f"json?address=Berlin&key={t} 403",
            [Secret(t, "AIza")],
        )

    @add("gcp-service-account-json")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        lines = g.pem_lines(1620)
        key = "\\n".join(lines)
        return (
            "gcs-key.json:\n{\n"
            '  "type": "service_account",\n  "project_id": "acme-gitlab",\n'
            f'  "private_key_id": "{g.hex(40)}",\n'
            f'  "private_key": "-----BEGIN PRIVATE KEY-----\\n{key}\\n-----END PRIVATE '
            'KEY-----\\n",\n'
            '  "client_email": "gitlab-backup@acme-gitlab.iam.gserviceaccount.com",\n'
            f'  "client_id": "{g.number(10**20, 10**21)}"\n}}',
            [Secret(line) for line in lines if len(line) >= LEAK_WINDOW],
        )

    @add("azure-storage-connection-string")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.b64(86) + "=="
        return (
            "gitlab_rails['backup_upload_connection'] = {\n  'provider' => 'AzureRM',\n"
            "  'azure_storage_account_name' => 'acmebackups',\n"
            f"  'azure_storage_connection_string' => 'DefaultEndpointsProtocol=https;"
            f"AccountName=acmebackups;AccountKey={t};EndpointSuffix=core.windows.net'\n}}",
            [Secret(t)],
        )

    @add("azure-ad-client-secret-omniauth")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.pick(ALNUM, 3) + str(g.number(0, 9)) + "Q~" + g.mixed(ALNUM + "_~.-", 34)
        return (
            "gitlab_rails['omniauth_providers'] = [\n  {\n    name: \"azure_activedirectory_v2\",\n"
            f'    args: {{ client_id: "{g.uuid()}",\n             client_secret: "{t}",\n'
            f'             tenant_id: "{g.uuid()}" }}\n  }}\n]',
            [Secret(t)],
        )

    @add("azure-ad-client-secret-portal")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.pick(ALNUM, 3) + str(g.number(0, 9)) + "Q~" + g.mixed(ALNUM + "_~.-", 34)
        return (
            "Certificates & secrets (copied from the portal)\nDescription  Expires  Value  Secret "
            "ID\n"
            f"gitlab-sso  6/1/2025  {t}  {g.uuid()}",
            [Secret(t)],
        )

    @add("azure-sas-url")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.b64(43) + "%3D"
        return (
            "Backup upload target:\nhttps://acmebackups.blob.core.windows.net/gitlab?sv=2022-11-02"
            "&ss=b&srt=co&sp=rwdlacx&se=2025-01-01T00:00:00Z&st=2024-06-01T00:00:00Z&spr=https"
            f"&sig={t}",
            [Secret(t)],
        )

    @add("github-classic-remote")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "ghp_" + g.alnum(36)
        return (
            f"$ git remote -v\norigin\thttps://{t}@github.com/acme/mirror.git (fetch)\n"
            f"origin\thttps://{t}@github.com/acme/mirror.git (push)",
            [Secret(t, "ghp_")],
        )

    @add("github-fine-grained-env")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "github_pat_" + g.alnum(22) + "_" + g.alnum(59)
        return (
            f".env of the mirror job:\nGITHUB_TOKEN={t}\nMIRROR_BRANCH=main",
            [Secret(t, "github_pat_")],
        )

    @add("github-app-token-log")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "ghs_" + g.alnum(36)
        return (
            f"2024-06-13T09:12:44Z INFO  mirror: pushing with installation token {t} (expires in "
            "1h)",
            [Secret(t, "ghs_")],
        )

    @add("slack-bot-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = f"xoxb-{g.number(10**10, 10**11)}-{g.number(10**12, 10**13)}-{g.alnum(24)}"
        return (
            f'notifier.env:\nSLACK_BOT_TOKEN="{t}"\nSLACK_CHANNEL=#deploys',
            [Secret(t, "xoxb-")],
        )

    @add("slack-user-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        team, user = g.number(10**10, 10**11), g.number(10**10, 10**11)
        t = f"xoxp-{team}-{user}-{g.number(10**12, 10**13)}-{g.hex(32)}"
        return (f"The script calls chat.postMessage with token {t}", [Secret(t, "xoxp-")])

    @add("slack-webhook")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        upper = string.ascii_uppercase + string.digits
        path = f"T{g.mixed(upper, 10)}/B{g.mixed(upper, 10)}/{g.alnum(24)}"
        return (
            "Integrations > Slack notifications > Webhook:\n"
            f"https://hooks.slack.com/services/{path}",
            [Secret(path)],
        )

    @add("slack-app-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        app = g.mixed(string.ascii_uppercase + string.digits, 10)
        t = f"xapp-1-A{app}-{g.number(10**12, 10**13)}-{g.hex(64)}"
        return (f"SLACK_APP_TOKEN={t}", [Secret(t, "xapp-")])

    @add("stripe-live-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "sk_live_51" + g.alnum(97)
        return (
            "The billing service crashed on start:\nStripe::AuthenticationError: Invalid API Key "
            f"provided: {t}",
            [Secret(t, "sk_live_")],
        )

    @add("stripe-restricted-key-curl")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "rk_live_51" + g.alnum(97)
        return (
            f"curl https://api.stripe.com/v1/charges -u {t}: -d limit=3",
            [Secret(t, "rk_live_")],
        )

    @add("sendgrid-smtp-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = f"SG.{g.b64url(22)}.{g.b64url(43)}"
        return (
            "gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = "
            '"smtp.sendgrid.net"\n'
            "gitlab_rails['smtp_user_name'] = \"apikey\"\n"
            f"gitlab_rails['smtp_password'] = \"{t}\"",
            [Secret(t, "SG.")],
        )

    @add("twilio-env")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.hex(32)
        return (
            f"TWILIO_ACCOUNT_SID=AC{g.hex(32)}\nTWILIO_AUTH_TOKEN={t}\nTWILIO_FROM=+15005550006",
            [Secret(t)],
        )

    @add("twilio-curl")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        sid, t = "AC" + g.hex(32), g.hex(32)
        return (
            f"curl -X POST https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json "
            f"--data-urlencode 'Body=Deploy done' -u {sid}:{t}",
            [Secret(t)],
        )

    @add("twilio-api-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        sid, secret = "SK" + g.hex(32), g.alnum(32)
        return (
            f"Twilio API key created: SID {sid}\napi_secret = {secret}",
            [Secret(sid, "SK"), Secret(secret)],
        )

    @add("npm-token-npmrc")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "npm_" + g.alnum(36)
        return (
            f"~/.npmrc:\n//registry.npmjs.org/:_authToken={t}\n@acme:registry=https://gitlab.example.com/api/v4/packages/npm/",
            [Secret(t, "npm_")],
        )

    @add("pypi-token-pypirc")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "pypi-AgEIcHlwaS5vcmc" + g.b64url(160)
        return (f"~/.pypirc:\n[pypi]\nusername = __token__\npassword = {t}", [Secret(t, "pypi-")])

    @add("vault-service-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "hvs." + g.b64url(91)
        return (
            f"$ export VAULT_ADDR=https://vault.example.com:8200\n$ export VAULT_TOKEN={t}\n"
            "$ vault kv get secret/gitlab/ci",
            [Secret(t, "hvs.")],
        )

    @add("vault-legacy-login")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "s." + g.alnum(24)
        return (f"$ vault login {t}\nSuccess! You are now authenticated.", [Secret(t)])

    @add("vault-batch-header")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "hvb." + g.b64url(140)
        return (
            f'curl -H "X-Vault-Token: {t}" https://vault.example.com:8200/v1/secret/data/ci',
            [Secret(t, "hvb.")],
        )

    @add("jwt-then-period")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.jwt()
        return (f"The CI_JOB_JWT in the job log was {t}.", [Secret(t)])

    @add("jwt-then-comma")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.jwt()
        return (
            f'{{"severity":"INFO","path":"/api/v4/jobs/request","id_token":"{t}","status":201}}\n'
            f"id_token={t}, aud=https://vault.example.com",
            [Secret(t)],
        )

    @add("jwt-then-parenthesis")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.jwt()
        return (f"Vault rejected the role (jwt {t}) with: permission denied", [Secret(t)])

    @add("rsa-private-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        lines = g.pem_lines(1620)
        body = "\n".join(lines)
        return (
            f"Deploy key on the server:\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n"
            "-----END RSA PRIVATE KEY-----",
            [Secret(line) for line in lines if len(line) >= LEAK_WINDOW],
        )

    @add("openssh-private-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        lines = [g.b64(70) for _ in range(6)] + [g.b64(20)]
        body = "\n".join(lines)
        return (
            f"cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n"
            "-----END OPENSSH PRIVATE KEY-----\n",
            [Secret(line) for line in lines],
        )

    @add("ec-private-key-cut-off")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        lines = [g.b64(64) for _ in range(3)]
        body = "\n".join(lines)
        return (
            "The key file, as far as it was on screen:\n-----BEGIN EC PRIVATE KEY-----\n"
            f"{body}\n(the rest was scrolled away)",
            [Secret(line) for line in lines],
        )

    @add("encrypted-private-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        lines = g.pem_lines(1100)
        body = "\n".join(lines)
        return (
            "/etc/gitlab/ssl/gitlab.example.com.key:\n-----BEGIN RSA PRIVATE KEY-----\n"
            f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{g.hex(32).upper()}\n\n{body}\n"
            "-----END RSA PRIVATE KEY-----",
            [Secret(line) for line in lines if len(line) >= LEAK_WINDOW],
        )

    @add("basic-auth-curl")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.basic("deploy", g.password(20))
        return (
            f'curl -H "Authorization: Basic {t}" '
            "https://nexus.example.com/repository/maven-releases/",
            [Secret(t)],
        )

    @add("basic-auth-http-dump")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.basic("ana@example.com", g.password(16))
        return (
            "GET /api/v4/user HTTP/1.1\nHost: gitlab.example.com\n"
            f"Authorization: Basic {t}\nUser-Agent: curl/8.5.0",
            [Secret(t)],
        )

    @add("bearer-opaque")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.alnum(40)
        return (
            f"The webhook receiver logs:\nPOST /hooks/gitlab 401\nAuthorization: Bearer {t}",
            [Secret(t)],
        )

    @add("url-password-with-at")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(20, extra="@")
        return (
            f"DATABASE_URL=postgresql://gitlab:{p}@db.internal.example.com:5432/gitlabhq_production",
            [Secret(p)],
        )

    @add("url-password-redis")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.alnum(32)
        return (
            f"gitlab_rails['redis_cache_instance'] = \"redis://:{p}@10.0.4.21:6379\"",
            [Secret(p)],
        )

    @add("url-password-azure-devops")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.pick(string.ascii_lowercase + "234567", 52)
        return (f"git clone https://acme:{p}@dev.azure.com/acme/platform/_git/api", [Secret(p)])

    @add("netrc")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(18)
        return (
            f"~/.netrc:\nmachine gitlab.example.com\n  login ana\n  password {p}\n",
            [Secret(p)],
        )

    @add("netrc-one-line")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = "glpat-" + g.b64url(20)
        return (f"machine gitlab.example.com login oauth2 password {p}", [Secret(p, "glpat-")])

    @add("docker-config-auths")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.basic("ana", "glpat-" + g.b64url(20))
        return (
            '~/.docker/config.json:\n{\n  "auths": {\n    "registry.example.com": {\n'
            f'      "auth": "{t}"\n    }}\n  }}\n}}',
            [Secret(t)],
        )

    @add("kubernetes-secret-data")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        token = base64.b64encode(("glrt-" + g.b64url(20)).encode()).decode()
        ca = base64.b64encode(g.alnum(48).encode()).decode()
        return (
            "$ kubectl get secret gitlab-runner -o yaml\napiVersion: v1\ndata:\n"
            f'  runner-registration-token: ""\n  runner-token: {token}\n  ca.crt: {ca}\n'
            "kind: Secret\nmetadata:\n  name: gitlab-runner\n  namespace: gitlab\ntype: Opaque",
            [Secret(token), Secret(ca)],
        )

    @add("kubernetes-secret-string-data")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(22)
        return (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gitlab-postgres\nstringData:\n"
            f"  username: gitlab\n  pgpass: '{p}'\n",
            [Secret(p)],
        )

    @add("export-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.alnum(40)
        return (f"$ export DANGER_GITLAB_API_TOKEN={t}\n$ bundle exec danger", [Secret(t)])

    @add("export-token-quoted")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.b64url(32)
        return (f"export RENOVATE_TOKEN='{t}'\nnpx renovate --platform=gitlab", [Secret(t)])

    @add("gitlab-rb-db-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(24)
        return (
            "gitlab_rails['db_adapter'] = \"postgresql\"\ngitlab_rails['db_host'] = \"10.0.4.10\"\n"
            f"gitlab_rails['db_password'] = '{p}'",
            [Secret(p)],
        )

    @add("gitlab-rb-sql-user-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.hex(32)
        return (
            f"postgresql['sql_user_password'] = '{p}'\npostgresql['listen_address'] = '0.0.0.0'",
            [Secret(p)],
        )

    @add("gitlab-rb-ldap-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(16)
        return (
            "gitlab_rails['ldap_servers'] = {\n  'main' => {\n    'label' => 'AD',\n"
            "    'host' => 'dc01.corp.example.com',\n    'bind_dn' => "
            "'CN=svc-gitlab,OU=Service,DC=corp',\n"
            f"    'password' => '{p}'\n  }}\n}}",
            [Secret(p)],
        )

    @add("gitlab-rb-gitaly-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.alnum(32)
        return (
            "gitaly['configuration'] = {\n  listen_addr: '0.0.0.0:8075',\n"
            f"  auth: {{\n    token: '{t}',\n  }},\n}}",
            [Secret(t)],
        )

    @add("gitlab-secrets-json")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        a, b = g.hex(128), g.hex(128)
        return (
            '/etc/gitlab/gitlab-secrets.json:\n{\n  "gitlab_rails": {\n'
            f'    "secret_key_base": "{a}",\n'
            f'    "otp_key_base": "{b}",\n',
            [Secret(a), Secret(b)],
        )

    @add("docker-compose-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(20)
        return (
            "docker-compose.yml:\n  postgres:\n    image: postgres:16\n    environment:\n"
            f'      POSTGRES_USER: gitlab\n      POSTGRES_PASSWORD: "{p}"',
            [Secret(p)],
        )

    @add("mysql-command")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.alnum(16)
        return (f"mysql -h db01 -u root -p{p} jira_prod -e 'select 1'", [Secret(p)])

    @add("curl-user-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(18)
        return (
            f"curl -u admin:{p} -X PUT https://nexus.example.com/service/rest/v1/security/users",
            [Secret(p)],
        )

    @add("terraform-cloud-token")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = f"{g.alnum(14)}.atlasv1.{g.b64url(67)}"
        return (
            '~/.terraform.d/credentials.tfrc.json:\n{"credentials": {"app.terraform.io": '
            f'{{"token": "{t}"}}}}}}',
            [Secret(t)],
        )

    @add("google-oauth-client-secret")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "GOCSPX-" + g.b64url(28)
        return (
            "gitlab_rails['omniauth_providers'] = [{ name: 'google_oauth2', app_id: "
            f"'{g.number(10**11, 10**12)}-{g.base36(32)}.apps.googleusercontent.com', app_secret: "
            f"'{t}' }}]",
            [Secret(t, "GOCSPX-")],
        )

    @add("google-access-token-bearer")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = "ya29." + g.b64url(150)
        return (
            f'curl -H "Authorization: Bearer {t}" https://storage.googleapis.com/storage/v1/b/acme',
            [Secret(t, "ya29.")],
        )

    @add("legacy-private-token-header")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.b64url(20)
        return (
            f"curl --request GET --header 'PRIVATE-TOKEN: {t}' "
            "https://gitlab.example.com/api/v4/version",
            [Secret(t)],
        )

    @add("smtp-password-symbols")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(20)
        return (f'gitlab_rails["smtp_password"] = "{p}"', [Secret(p)])

    @add("password-in-log-query")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(14)
        return (
            f'10.0.3.7 - - [13/Jun/2024:09:14:02 +0000] "GET /login?user=ana&password={p}&next=/ '
            'HTTP/1.1" 302',
            [Secret(p)],
        )

    @add("mattermost-secret")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.hex(64)
        return (
            f"mattermost['gitlab_secret'] = \"{t}\"\nmattermost['gitlab_id'] = \"{g.hex(64)}\"",
            [Secret(t)],
        )

    @add("registry-http-secret")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.b64(64)
        return (f"registry['http_secret'] = \"{t}\"", [Secret(t)])

    @add("application-yml-password")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        p = g.password(19)
        return (
            "config/database.yml:\nproduction:\n  adapter: postgresql\n  username: gitlab\n  "
            f"password: {p}\n  host: 10.0.4.10",
            [Secret(p)],
        )

    @add("json-api-key")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.alnum(48)
        return (
            f'settings.json: {{ "endpoint": "https://api.example.com", "apiKey": "{t}" }}',
            [Secret(t)],
        )

    @add("x-api-key-header")
    def _(g: Gen) -> tuple[str, Sequence[Secret]]:
        t = g.hex(40)
        return (f"curl -H 'X-Api-Key: {t}' https://monitor.example.com/api/alerts", [Secret(t)])

    return makers


def credentials(seed: int = SEED) -> list[Sample]:
    """Realistic credentials in context, one sample per shape."""
    gen = Gen(seed)
    samples = []
    for name, make in _credential_makers().items():
        body, secrets = make(gen)
        samples.append(Sample(name, _wrap(gen, body), tuple(secrets)))
    return samples


# -- ordinary summaries ----------------------------------------------------------------------------


def _summary_makers() -> list[Callable[[Gen], str]]:
    def versions(g: Gen) -> str:
        return (
            f"We upgraded from 16.11.{g.number(1, 9)} to 17.3.{g.number(1, 6)} with the Omnibus "
            f"package gitlab-ee_17.3.{g.number(1, 6)}-ee.0_amd64.deb. The background migration "
            f"job {g.number(10**6, 10**7)} finished after 42 minutes."
        )

    def commits(g: Gen) -> str:
        return (
            f"The regression came in with commit {g.hex(40)} (merge request "
            f"!{g.number(100, 9999)}).\n"
            f"Reverting {g.hex(12)} on branch fix/token-refresh-{g.hex(40)} fixed it."
        )

    def branch_sha(g: Gen) -> str:
        return (
            f"Branch secret-rotation: {g.hex(40)}\nBranch token-cleanup@{g.hex(40)} was merged "
            f"into main at {g.hex(8)}."
        )

    def uuids(g: Gen) -> str:
        return (
            f"Correlation ID {g.b64url(26).upper()} and request id {g.uuid()} in "
            "production_json.log; "
            f"the Sidekiq job jid {g.hex(24)} retried 3 times."
        )

    def hosts(g: Gen) -> str:
        return (
            f"The runners (runner-{g.base36(8)}-project-{g.number(10, 999)}-concurrent-0) reach "
            f"gitlab.example.com at 10.{g.number(0, 255)}.{g.number(0, 255)}.{g.number(1, 254)} "
            f"through the proxy at 192.168.{g.number(0, 255)}.{g.number(1, 254)}:3128."
        )

    def ticket_links(g: Gen) -> str:
        n = g.number(100000, 999999)
        return (
            f"Related: https://support.example.zendesk.com/agent/tickets/{n} and the issue "
            f"https://gitlab.com/gitlab-org/gitlab/-/issues/{g.number(1000, 500000)}. Pipeline "
            f"https://gitlab.example.com/acme/app/-/pipelines/{g.number(10**6, 10**7)} failed at "
            f"job https://gitlab.example.com/acme/app/-/jobs/{g.number(10**7, 10**8)}."
        )

    def checksums(g: Gen) -> str:
        return (
            f"sha256sum gitlab-ee_17.3.1-ee.0_amd64.deb\n{g.hex(64)}  "
            "gitlab-ee_17.3.1-ee.0_amd64.deb\n"
            f"The image is registry.gitlab.com/gitlab-org/gitlab-runner@sha256:{g.hex(64)}."
        )

    def placeholders(g: Gen) -> str:
        return (
            "Please create a token and use it like this:\n"
            'curl --header "PRIVATE-TOKEN: <your_access_token>" '
            '"https://gitlab.example.com/api/v4/projects"\n'
            "The token looks like glpat-XXXXXXXXXXXXXXXXXXXX; never paste the real one in the "
            "ticket."
        )

    def variables(g: Gen) -> str:
        return (
            "In .gitlab-ci.yml the job uses:\n"
            '  script:\n    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" '
            '--password-stdin "$CI_REGISTRY"\n'
            "    - git clone "
            "https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.example.com/acme/lib.git\n"
            "    - export GITLAB_TOKEN=${CI_JOB_TOKEN}"
        )

    def masked_config(g: Gen) -> str:
        return (
            "The relevant part of gitlab.rb (secrets masked by the customer):\n"
            "gitlab_rails['db_password'] = '********'\n"
            "gitlab_rails['smtp_password'] = \"[REDACTED]\"\n"
            "AWS_SECRET_ACCESS_KEY=[REDACTED]\nAuthorization: Bearer $TOKEN"
        )

    def token_prose(g: Gen) -> str:
        return (
            "The runner token expired on Monday, so the runner shows as offline. Password: reset "
            "through the admin area. Token: expired. Secret: rotated yesterday by the customer.\n"
            "We discussed personal access tokens (glpat-) versus deploy tokens (gldt-) and chose a "
            "project access token with the read_registry scope."
        )

    def settings_without_secrets(g: Gen) -> str:
        return (
            "password_expiration_days: 90\ntoken_expires_at: "
            f"2025-0{g.number(1, 9)}-1{g.number(0, 9)}\n"
            "password_authentication_enabled_for_web: false\nsecret_detection job id "
            f"{g.number(10**6, 10**7)}\n"
            "gitlab_rails['initial_root_password'] = nil\nsession_expire_delay: 10080"
        )

    def aws_ids(g: Gen) -> str:
        return (
            f"The runner manager is instance i-0{g.hex(16)} in subnet subnet-0{g.hex(16)}; "
            f"it assumes arn:aws:iam::{g.number(10**11, 10**12)}:role/gitlab-runner-manager and "
            f"writes to s3://acme-runner-cache-{g.base36(6)}/."
        )

    def azure_ids(g: Gen) -> str:
        return (
            f"Storage account resource ID: /subscriptions/{g.uuid()}/resourceGroups/rg-gitlab/"
            f"providers/Microsoft.Storage/storageAccounts/acmebackups\nTenant ID: {g.uuid()}\n"
            f"Application (client) ID: {g.uuid()}"
        )

    def logs(g: Gen) -> str:
        return (
            f'{{"time":"2024-06-13T09:1{g.number(0, 9)}:00.000Z","severity":"ERROR",'
            '"correlation_id":'
            f'"{g.b64url(26).upper()}","meta.caller_id":"POST /api/:version/jobs/request",'
            f'"duration_s":{g.number(1, 60)}.{g.number(0, 99)},"exception.class":"Gitlab::Auth::'
            'UnauthorizedError","exception.message":"401 Unauthorized"}'
        )

    def kubectl(g: Gen) -> str:
        return (
            "$ kubectl describe secret gitlab-runner -n gitlab\nName:         gitlab-runner\n"
            "Type:  Opaque\n\nData\n====\nrunner-registration-token:  0 bytes\n"
            "runner-token:               64 bytes\n\n"
            "$ kubectl get configmap gitlab-runner -o yaml\napiVersion: v1\nkind: ConfigMap\n"
            f'data:\n  check_interval: "3"\n  concurrent: "{g.number(2, 20)}"\n'
        )

    def ssh(g: Gen) -> str:
        return (
            f"ssh://git@gitlab.example.com:2222/acme/app.git works; the host key fingerprint is "
            f"SHA256:{g.b64(43)}. The public key starts with ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"
            f"{g.b64(43)} ana@laptop."
        )

    def basic_prose(g: Gen) -> str:
        return (
            "Basic troubleshooting steps were done first. Bearer tokens are required by the "
            "new endpoint, and Basic authentication is disabled. We checked --password-stdin and "
            "the netrc machine entry (password is kept in the keychain)."
        )

    def urls(g: Gen) -> str:
        return (
            f"https://ana@gitlab.example.com/acme/app.git asks for a password; the mirror uses "
            f"https://gitlab.example.com:8443/api/v4/projects/{g.number(1, 999)}/mirror/pull and "
            f"postgresql://gitlab@db.internal:5432/gitlabhq_production (password in .pgpass)."
        )

    def metrics(g: Gen) -> str:
        return (
            f"Puma workers: {g.number(2, 16)}, Sidekiq concurrency {g.number(10, 50)}, Gitaly "
            f"p99 {g.number(100, 900)} ms. Disk /var/opt/gitlab at {g.number(40, 95)} %, "
            f"{g.number(100, 999)} GiB free. Geo replication lag {g.number(1, 59)} s."
        )

    def mixed_ids(g: Gen) -> str:
        return (
            f"Sentry event {g.hex(32)} matches job {g.number(10**7, 10**8)}; trace id "
            f"{g.hex(32)}, span {g.hex(16)}. Docker image ID {g.hex(12)}, container {g.hex(64)}."
        )

    def certificate(g: Gen) -> str:
        body = "\n".join(g.pem_lines(900))
        return (
            "The certificate the customer uploaded (public, checked with openssl x509):\n"
            f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
            f"Serial: {g.hex(32)}  Subject Key Identifier: {g.hex(40)}"
        )

    def json_fields(g: Gen) -> str:
        return (
            f'{{"token_type":"bearer","expires_in":7200,"scope":"api read_user","created_at":'
            f'{1718000000 + g.number(0, 10**6)},"access_token":"[REDACTED]","auth":"ldap",'
            f'"key":"SUP-{g.number(1000, 9999)}","secret_name":"gitlab-runner-{g.base36(5)}"}}'
        )

    def keys_and_caches(g: Gen) -> str:
        return (
            "cache:\n  key: ${CI_COMMIT_REF_SLUG}\n  paths:\n    - node_modules/\n"
            "Primary key violation on ci_builds (foreign_key: project_id, id "
            f"{g.number(10**6, 10**7)}).\n"
            "Authorization: Bearer <token> returns 401; the keyboard shortcut is Ctrl+K.\n"
            f"runner_token_expires_at: 2024-0{g.number(1, 9)}-2{g.number(0, 8)}T00:00:00Z"
        )

    return [
        certificate,
        json_fields,
        keys_and_caches,
        versions,
        commits,
        branch_sha,
        uuids,
        hosts,
        ticket_links,
        checksums,
        placeholders,
        variables,
        masked_config,
        token_prose,
        settings_without_secrets,
        aws_ids,
        azure_ids,
        logs,
        kubectl,
        ssh,
        basic_prose,
        urls,
        metrics,
        mixed_ids,
    ]


def summaries(seed: int = SEED, per_shape: int = 4) -> list[Sample]:
    """Ordinary support summaries (each shape with different values): no secrets in them."""
    gen = Gen(seed + 1)
    samples = []
    for round_ in range(per_shape):
        for make in _summary_makers():
            samples.append(Sample(f"{make.__name__}-{round_}", _wrap(gen, make(gen))))
    return samples


# -- measuring a scanner ---------------------------------------------------------------------------


def leaked(secret: Secret, text: str) -> bool:
    """Whether *text* still holds :data:`LEAK_WINDOW` consecutive characters of the secret."""
    core = secret.core
    if len(core) < LEAK_WINDOW:
        return core in text
    return any(core[i : i + LEAK_WINDOW] in text for i in range(len(core) - LEAK_WINDOW + 1))


@dataclass
class Score:
    credentials: int = 0
    detected: int = 0
    summaries: int = 0
    false_positives: int = 0
    redacted_complete: int = 0
    missed: list[str] = field(default_factory=list)
    noisy: list[str] = field(default_factory=list)
    leaking: list[str] = field(default_factory=list)

    @property
    def detection(self) -> float:
        return self.detected / self.credentials if self.credentials else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.summaries if self.summaries else 0.0

    @property
    def redaction(self) -> float:
        return self.redacted_complete / self.detected if self.detected else 0.0


def score(
    flags: Callable[[str], bool],
    redact: Callable[[str], str] | None,
    creds: Sequence[Sample],
    normal: Sequence[Sample],
) -> Score:
    """Detection, false positives and (with *redact*) complete redaction on the corpus.

    Args:
        flags: Whether the scanner raises anything on a text.
        redact: The scanner's redaction of a whole text, or ``None`` for scanners without one.
    """
    result = Score(credentials=len(creds), summaries=len(normal))
    for sample in creds:
        if not flags(sample.text):
            result.missed.append(sample.name)
            continue
        result.detected += 1
        if redact is not None:
            cleaned = redact(sample.text)
            if any(leaked(secret, cleaned) for secret in sample.secrets):
                result.leaking.append(sample.name)
            else:
                result.redacted_complete += 1
    for sample in normal:
        if flags(sample.text):
            result.false_positives += 1
            result.noisy.append(sample.name)
    return result
