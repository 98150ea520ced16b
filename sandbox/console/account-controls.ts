import { renderTried } from './account-panel';
import { api, type Tried } from './api';
import { byId, toast } from './dom';

function showTried(path: string, sourceIp: string, tried: Tried): void {
  byId('try-path', HTMLInputElement).value = path;
  byId('try-ip', HTMLInputElement).value = sourceIp;
  byId('try-result', HTMLElement).innerHTML = renderTried(path, sourceIp, tried);
}

/** The side panel's controls: scenario buttons, and the "Try a request" box answered by the simulated web ACL. */
export function setupAccountPanel(): void {
  byId('scenarios', HTMLElement).addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-scenario]');
    if (!button?.dataset.scenario) return;
    button.disabled = true;
    void api
      .scenario(button.dataset.scenario)
      .then((outcome) => {
        toast(
          outcome.ok
            ? (outcome.note ?? `Scenario started: ${button.textContent}`)
            : `Scenario failed: ${outcome.error ?? ''}`,
        );
        if (outcome.tried) showTried(outcome.tried.path, outcome.tried.sourceIp, outcome.tried);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  byId('try-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const path = byId('try-path', HTMLInputElement).value.trim();
    const sourceIp = byId('try-ip', HTMLInputElement).value.trim();
    void api.tryRequest(path, sourceIp).then((tried) => {
      if (tried.ok) showTried(path, sourceIp, tried);
      else byId('try-result', HTMLElement).textContent = tried.error ?? 'the request could not be tried';
    });
  });
}
