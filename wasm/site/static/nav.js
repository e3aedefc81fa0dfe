// The header shared by every page.
'use strict';
(() => {
  const pages = [['index.html', 'descent demos'], ['linreg.html', 'Linear regression & GD'], ['logistic.html', 'Logistic regression'],
    ['svm.html', 'SVM'], ['optimizers.html', 'Optimizers'], ['modelfile.html', 'Model file']];
  const here = location.pathname.split('/').pop() || 'index.html';
  const h = document.createElement('header');
  pages.forEach(([href, name], i) => {
    const a = document.createElement('a');
    a.href = href; a.textContent = name;
    if (i === 0) a.className = 'brand';
    else if (href === here) a.className = 'here';
    h.appendChild(a);
  });
  document.body.prepend(h);
})();
