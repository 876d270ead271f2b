export { fileSystemHandler } from './file_system_handler';
export { registerFileSystemRouter } from './register_file_system_router';
