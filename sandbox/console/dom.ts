/** An element of the page by id, checked to be what the code expects (the page and the script ship together). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

/** A short note at the bottom of the page that goes away by itself. */
export function toast(text: string): void {
  const box = byId('toast', HTMLElement);
  box.textContent = text;
  box.hidden = false;
  setTimeout(() => {
    box.hidden = true;
  }, 4000);
}
