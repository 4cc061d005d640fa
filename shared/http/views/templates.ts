import type { BudgetTemplate } from '../../domain/reports/index.js';
import type { Template, TemplateNodeView } from '../../schemas/templates.js';

const percentOfBasisPoints = (basisPoints: number) => basisPoints / 100;

type Node = BudgetTemplate['root'];

const categoriesOf = (node: Node) => node.categories.map((category) => ({ name: category.name, share: percentOfBasisPoints(category.shareBasisPoints) }));

function childView(node: Node & { shareBasisPoints: number }): TemplateNodeView {
  return { name: node.name, scopeType: node.scopeType, share: percentOfBasisPoints(node.shareBasisPoints), categories: categoriesOf(node), children: node.children.map(childView) };
}

export function templateView(template: BudgetTemplate): Template {
  return { id: template.id, name: template.name, description: template.description, categories: categoriesOf(template.root), children: template.root.children.map(childView) };
}
