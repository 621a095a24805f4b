// Material's storage helpers (its partials/javascripts/base.html), from one file instead of written
// into every page: the same script, with the site's root found from this file's own address
// (assets/parley/scope.js, two folders below the root) instead of the page's relative base URL.
// A classic script in <head>, so it runs where Material's inline one did, before anything reads it.
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
