"""The second factor of every staff account: after the password, an authenticator app's
code (TOTP), a passkey or security key (WebAuthn), or one of the single-use recovery
codes. django-otp and django-otp-webauthn do the cryptography; this package leads staff
through setting a factor up and keeps every back-office page closed until it is used.

`devices` holds what an account has and how that changes, `forms` and `views` the pages,
`middleware` the gate in front of the back office, `webauthn` the relying party.
"""
