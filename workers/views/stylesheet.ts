export const STYLESHEET = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1f24;background:#fff}
body{margin:0}
main{max-width:46rem;margin:0 auto;padding:1rem}
main.wide,main.wide+.site-footer{max-width:80rem}
td,dd,code{overflow-wrap:anywhere}
a{color:#0b5cad}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.site-header{display:flex;gap:.75rem;align-items:baseline;padding:.75rem 1rem;background:#0b4f8a;color:#fff}
.site-header .brand{color:#fff;font-weight:700;font-size:1.2rem;text-decoration:none}
.site-header .regency{opacity:.85}
.site-footer{max-width:46rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #d0d7de;color:#57606a;font-size:.9rem}
.lead{font-size:1.1rem}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));padding:0;list-style:none}
.cards li{border:1px solid #d0d7de;border-radius:.5rem;padding:1rem}
.button{display:inline-block;padding:.6rem 1rem;border-radius:.4rem;background:#0b5cad;color:#fff;text-decoration:none;border:0;font-size:1rem}
.notice{padding:.75rem 1rem;border-left:4px solid #bf8700;background:#fff8c5}
.error-code{color:#57606a;font-size:.9rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem}
pre{overflow-x:auto;background:#f6f8fa;padding:.75rem;border-radius:.4rem}
.op{border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
label.checkbox{font-weight:400}
input,select,textarea{font:inherit;padding:.45rem .5rem;border:1px solid #8c959f;border-radius:.3rem;max-width:100%}
input:not([type=checkbox]),select,textarea{width:100%}
form .button{margin-top:.75rem}
.field-error{color:#a40e26;margin:.25rem 0}
.official-nav,.admin-nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;padding:.5rem 0;border-bottom:1px solid #d0d7de;margin-bottom:.75rem}
form.inline{display:inline}
.link-button{background:none;border:0;padding:0;color:#0b5cad;text-decoration:underline;cursor:pointer;font:inherit}
.button.secondary{background:#57606a}
.notice.success{border-left-color:#1a7f37;background:#dafbe1}
.notice.error{border-left-color:#a40e26;background:#ffebe9}
.row-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.row-form input,.row-form select{width:auto}
.row-form input.grow{flex:1 1 14rem}
.audit-log{padding-left:0;list-style:none}
.audit-log li{padding:.3rem 0;border-bottom:1px solid #d0d7de;overflow-wrap:anywhere}
.audit-log time{white-space:nowrap}
.soon{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eaeef2;color:#1b1f24;font-size:.8rem;font-weight:700}
.default-submit{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.setting{border-bottom:1px solid #d0d7de;padding-bottom:.75rem}
.hint{color:#57606a;font-size:.9rem;margin:0 0 .25rem}
.field.invalid input,.field.invalid select,.field.invalid textarea{border-color:#a40e26;border-width:2px}
.field-error p{margin:0}
.error-summary{border:3px solid #a40e26;border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.error-summary h2{margin-top:.25rem;color:#a40e26}
fieldset.member,fieldset.social{border:1px solid #d0d7de;border-radius:.5rem;margin:1rem 0;padding:.25rem 1rem 1rem}
fieldset legend{font-weight:700;padding:0 .25rem}
.facts dt{font-weight:600;margin-top:.5rem}
.facts dd{margin:0}
.late{color:#a40e26;font-weight:600}
.timeline{padding-left:1.25rem}
.tracking-url{word-break:break-all}
tr.overdue td{background:#fff1f0}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#a40e26;color:#fff;font-size:.8rem;font-weight:700}
.certificate{border:6px double #0b4f8a;padding:2rem;text-align:center}
.certificate table{text-align:left;margin:1rem auto;width:auto}
.verify{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:center;text-align:left;margin-top:1rem}
.verify p{flex:1 1 14rem;margin:0}
.qr svg{display:block;width:9rem;height:9rem}
.chart{display:block;width:100%;height:auto;max-width:44rem}
fieldset.choices{border:0;margin:1rem 0;padding:0}
.choice{display:block;padding:.35rem 0}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.prose{white-space:pre-line;overflow-wrap:anywhere}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.05em}
.lookup{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
@media (min-width:60rem){.facts{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.4rem 1rem}.facts dt{margin:0}}
@media (max-width:40rem){
table,tbody,tr,th,td{display:block}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
tr{border-bottom:1px solid #d0d7de;padding:.4rem 0}
th,td{border:0;padding:.1rem 0}
td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
tr.overdue{background:#fff1f0}
.certificate table{display:table}
.certificate tbody{display:table-row-group}
.certificate tr{display:table-row}
.certificate th,.certificate td{display:table-cell;padding:.3rem .5rem}
}
@media print{.site-header,.site-footer,.no-print{display:none}.certificate{border-color:#000}}
`;

/** FNV-1a of the stylesheet, in base 36: changes whenever a rule changes. */
function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** Served with a year-long cache; the content hash in the name makes browsers fetch each new version. */
export const STYLESHEET_PATH = `/assets/simpul-${contentHash(STYLESHEET)}.css`;
