/** Secret names: the cluster's login key, and each VM's host key (the public halves are not secret but kept beside). */
export const LOGIN_KEY = 'machines:login_key';
export const LOGIN_KEY_PUBLIC = 'machines:login_key.pub';
export const hostKeyName = (node: string) => `machine:${node}:host_key`;
export const hostKeyPublicName = (node: string) => `machine:${node}:host_key.pub`;
