import { hashedAsset, type StaticAsset } from '../platform/web/assets.js';

/**
 * The upload script of the SK form and of a report's photo form (progressive enhancement; the
 * pages say uploading needs it). On submit it announces the file (type and exact size; for an SK
 * with the term and the SK) to the workspace, PUTs the
 * bytes to the presigned URL it gets back, then posts the form with the upload's id, and the
 * server checks the bytes and answers the page. When the announcement is refused, the form is
 * posted without an id and the server shows each error beside its field; the file itself never
 * passes through a function (Lambda's payload limit is 6 MB). No dependencies, no build step.
 */
const SOURCE = `(() => {
  'use strict';
  for (const notice of document.querySelectorAll('#sk-needs-script, [data-needs-script]')) notice.hidden = true;
  const enhance = (form) => {
    // The SK form announces the file with its term and SK; a report's photo form, the file alone.
    const photo = form.hasAttribute('data-photo-upload');
    const idField = photo ? 'photoId' : 'uploadId';
    const input = form.querySelector('input[type=file]');
    const button = form.querySelector('button[type=submit]');
    const set = (name, value) => { form.elements.namedItem(name).value = value; };
    const get = (name) => form.elements.namedItem(name).value;
    set('script', '1');
    let sending = false;
    const post = () => { HTMLFormElement.prototype.submit.call(form); };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) return;
      sending = true;
      button.disabled = true;
      button.textContent = form.dataset.uploading;
      set(idField, '');
      set('transfer', '');
      const file = input.files && input.files[0];
      set('contentType', file ? file.type : '');
      set('size', file ? String(file.size) : '');
      if (!file) return post();
      const body = photo
        ? { contentType: file.type, size: file.size }
        : {
            contentType: file.type,
            size: file.size,
            term: { start: get('term.start'), end: get('term.end') },
            sk: { number: get('sk.number'), date: get('sk.date') },
          };
      try {
        const announced = await fetch(form.dataset.announce, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': get('_csrf') },
          body: JSON.stringify(body),
        });
        if (announced.status !== 201) return post();
        const ticket = await announced.json();
        const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: file });
        if (!put.ok) set('transfer', 'failed');
        else set(idField, photo ? ticket.photoId : ticket.uploadId);
      } catch (error) {
        set('transfer', 'failed');
      }
      post();
    });
  };
  for (const form of document.querySelectorAll('form[data-sk-upload], form[data-photo-upload]')) enhance(form);
})();
`;

/** Where the workspace serves its own assets: its function, not the public pages'. */
export const WORKSPACE_ASSET_PREFIX = '/kelola/aset/';

const hashed = hashedAsset('kelola-upload', 'js', 'text/javascript; charset=utf-8', SOURCE);

/** The script, served under its hashed name at `/kelola/aset/{file}`. */
export const uploadScript: StaticAsset = { ...hashed, path: `${WORKSPACE_ASSET_PREFIX}${hashed.file}` };
