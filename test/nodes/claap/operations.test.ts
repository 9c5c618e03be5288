import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { claapOperations, findOperation } from '../../../nodes/Claap/actions/operations';
import { Claap } from '../../../nodes/Claap/Claap.node';

const properties = new Claap().description.properties;

function optionValues(property: INodeProperties | undefined): string[] {
	const options = (property?.options ?? []) as INodePropertyOptions[];
	return options.map((option) => String(option.value));
}

const resources = optionValues(properties.find((property) => property.name === 'resource'));

/** The Operation dropdown shown for one resource. */
function operationDropdown(resource: string): INodeProperties | undefined {
	const dropdowns = properties.filter(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	expect(dropdowns).toHaveLength(1);
	return dropdowns[0];
}

describe('Claap node operations', () => {
	it('offers exactly the resources of the operations map', () => {
		expect([...resources].sort()).toEqual(Object.keys(claapOperations).sort());
	});

	it.each(Object.keys(claapOperations))('shows, for %s, exactly the operations the map runs', (resource) => {
		const shown = optionValues(operationDropdown(resource));
		const mapped = Object.keys(claapOperations[resource as keyof typeof claapOperations]);
		expect([...shown].sort()).toEqual([...mapped].sort());
		for (const operation of shown) expect(findOperation(resource, operation)).toBeDefined();
	});

	it('defaults each Operation dropdown to one of its own operations', () => {
		for (const resource of resources) {
			const dropdown = operationDropdown(resource);
			expect(optionValues(dropdown)).toContain(dropdown?.default);
		}
	});

	it('finds no operation outside the map', () => {
		expect(findOperation('recording', 'update')).toBeUndefined();
		expect(findOperation('recording', 'toString')).toBeUndefined();
		expect(findOperation('constructor', 'get')).toBeUndefined();
	});
});
