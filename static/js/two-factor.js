// The second factor's pages (templates/admin/two_factor/): no inline script, the CSP forbids it.
"use strict";

// A passkey registered by django-otp-webauthn's script: finish the set-up on the server.
document.addEventListener("otp_webauthn.register_complete", () => {
  document.getElementById("passkey-done").submit();
});

// "Codes drucken" only where printing works from a script.
for (const button of document.querySelectorAll("[data-print]")) {
  button.closest("[hidden]")?.removeAttribute("hidden");
  button.addEventListener("click", () => window.print());
}
