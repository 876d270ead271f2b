export { fileSystemHandler } from './file_system_handler';
export { registerFileSystemRouter } from './register_file_system_router';
export { loadMnist, type LoadMnistOptions } from './load_mnist';
