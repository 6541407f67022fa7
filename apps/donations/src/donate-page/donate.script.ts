/**
 * The donate form's progressive enhancement (the form works without it): the covered fee, the
 * Gift Aid sum and a summary follow the chosen amount; typing an amount picks "Other"; the address
 * shows once Gift Aid is ticked. The fee is the server's formula (checkout/fees.ts), restated.
 */
export const DONATE_SCRIPT = `(function () {
  var form = document.querySelector('form[data-donate]');
  if (!form) return;
  var bps = Number(form.dataset.bps), fixed = Number(form.dataset.fixed);
  var money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: form.dataset.currency });
  var show = function (pence) { return money.format(pence / 100); };
  var other = form.querySelector('#otherAmount');
  var otherRadio = form.querySelector('#amount-other');
  var giftAid = form.querySelector('#giftAid');
  var address = form.querySelector('[data-gift-aid-address]');
  var summary = form.querySelector('[data-summary]');
  function pence() {
    var chosen = form.querySelector('input[name=amount]:checked');
    var text = chosen && chosen.value !== 'other' ? chosen.value : other.value;
    var match = /^£?\\s*(\\d{1,7})(?:\\.(\\d{1,2}))?$/.exec(text.replace(/,/g, '').trim());
    return match ? Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0')) : null;
  }
  function each(selector, text) {
    form.querySelectorAll(selector).forEach(function (node) { node.textContent = text; });
  }
  function update() {
    var amount = pence();
    if (address && giftAid) address.hidden = !giftAid.checked;
    if (amount === null || amount <= 0) { summary.hidden = true; return; }
    var fee = Math.ceil(((amount + fixed) * 10000) / (10000 - bps)) - amount;
    var covered = form.querySelector('input[name=coverFees]').checked;
    var monthly = form.querySelector('input[name=frequency]:checked').value === 'monthly';
    each('[data-fee]', show(fee));
    each('[data-gift]', show(amount));
    each('[data-gift-aid]', show(Math.floor(amount / 4)));
    each('[data-gift-aid-total]', show(amount + Math.floor(amount / 4)));
    summary.textContent = 'You are giving ' + show(amount + (covered ? fee : 0)) + (monthly ? ' a month.' : ' once.');
    summary.hidden = false;
  }
  other.addEventListener('input', function () { if (other.value.trim() !== '') otherRadio.checked = true; });
  form.querySelectorAll('input[name=amount]').forEach(function (radio) {
    radio.addEventListener('change', function () { if (radio.value !== 'other') other.value = ''; });
  });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();`;
