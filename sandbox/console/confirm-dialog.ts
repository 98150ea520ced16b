import type { ConfirmDialog } from './blocks';
import { byId } from './dom';
import { mrkdwn, plainText, type RenderContext } from './mrkdwn';

/**
 * A button's confirm dialog, as Slack shows it before sending the click: title, text, and the confirm and
 * deny labels the bot chose. Resolves true when confirmed.
 */
export function askToConfirm(confirm: ConfirmDialog, context: RenderContext): Promise<boolean> {
  const dialog = byId('confirm-dialog', HTMLDialogElement);
  byId('confirm-title', HTMLElement).innerHTML = plainText(confirm.title);
  byId('confirm-text', HTMLElement).innerHTML =
    confirm.textType === 'mrkdwn' ? mrkdwn(confirm.text, context) : plainText(confirm.text);
  const ok = byId('confirm-ok', HTMLButtonElement);
  const deny = byId('confirm-cancel', HTMLButtonElement);
  ok.textContent = confirm.confirm;
  ok.className = confirm.style === 'danger' ? 'bk-button bk-button-danger' : 'bk-button bk-button-primary';
  deny.textContent = confirm.deny;
  dialog.showModal();
  return new Promise((resolve) => {
    const finish = (answer: boolean) => {
      ok.onclick = null;
      deny.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    ok.onclick = () => finish(true);
    deny.onclick = () => finish(false);
    dialog.onclose = () => finish(false);
  });
}
