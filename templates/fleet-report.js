// Fleet report page: sort the summary by a column (click or Enter), filter it by site or pair name. Reads only the page's own DOM.
(function(){
  var table=document.getElementById('pairs');var body=table.tBodies[0];
  table.querySelectorAll('th button').forEach(function(b){b.addEventListener('click',function(){
    var th=b.parentNode;var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    table.querySelectorAll('th').forEach(function(x){if(x.hasAttribute('aria-sort'))x.setAttribute('aria-sort','none')});
    th.setAttribute('aria-sort',dir);var key=b.dataset.key,num=b.dataset.type==='number',sign=dir==='ascending'?1:-1;
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,c){var x=a.dataset[key],y=c.dataset[key];var d=num?Number(x)-Number(y):(x<y?-1:x>y?1:0);
      return d*sign||Number(a.dataset.index)-Number(c.dataset.index)});
    var frag=document.createDocumentFragment();rows.forEach(function(r){frag.appendChild(r)});body.appendChild(frag);
  })});
  var f=document.getElementById('pair-filter');f.addEventListener('input',function(){var q=f.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){r.hidden=q!==''&&(r.dataset.site+'/'+r.dataset.pair).indexOf(q)<0})});
})();
