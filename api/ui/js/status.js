// The page-wide alert (errors, read out at once) and the polite status line (progress, read out when idle).

const alertBox = () => document.getElementById("alert");

export function showAlert(message) {
  const box = alertBox();
  box.textContent = message;
  box.hidden = false;
}

export function clearAlert() {
  const box = alertBox();
  box.textContent = "";
  box.hidden = true;
}

export function announce(message) {
  document.getElementById("announcer").textContent = message;
}
